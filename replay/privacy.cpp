#include "replay/privacy.h"

#include "replay/record_format.h"

namespace vigil::replay {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// JavaScript's \s beyond ASCII: NBSP, OGHAM SPACE, EN QUAD..HAIR SPACE, LINE/PARAGRAPH
// SEPARATOR, NARROW NBSP, MEDIUM MATHEMATICAL SPACE, IDEOGRAPHIC SPACE, BOM.
bool is_js_space(std::uint32_t cp) {
  if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) return true;
  if (cp < 0x80) return false;
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when invalid.
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  std::uint32_t min = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2; cp = c & 0x1F; min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3; cp = c & 0x0F; min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4; cp = c & 0x07; min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() - i < n) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

PrivacyState root_privacy_state(const PrivacyOptions& options) {
  PrivacyState s;
  s.mask_text = options.mask_all_text;
  s.mask_inputs = options.mask_all_inputs;
  return s;
}

PrivacyState element_privacy_state(const PrivacyState& parent, std::uint32_t flags) {
  PrivacyState s = parent;
  if (flags & node_flag::mask) {
    s.mask_text = true;
    s.mask_inputs = true;
  } else if (flags & node_flag::unmask) {
    s.mask_text = false;
    s.mask_inputs = false;
  }
  if (flags & node_flag::ignore) s.ignore = true;
  return s;
}

bool is_media_tag(std::string_view tag) {
  static const char* const kMedia[] = {"img", "image", "svg", "video", "audio", "picture",
                                       "object", "embed", "iframe", "frame", "map"};
  for (const char* m : kMedia)
    if (ascii_iequals(tag, m)) return true;
  return false;
}

bool is_blocked_element(const PrivacyOptions& options, std::string_view tag, std::uint32_t flags) {
  if (flags & node_flag::unblock) return false;
  return (flags & node_flag::block) || (options.block_all_media && is_media_tag(tag));
}

void append_masked_text(std::string_view text, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint32_t cp = 0;
    std::size_t n = decode_utf8(text, i, cp);
    if (n == 0) {
      out += '*';
      ++i;
      continue;
    }
    if (is_js_space(cp)) out.append(text.data() + i, n);
    else if (cp >= 0x10000) out += "**";
    else out += '*';
    i += n;
  }
}

std::string mask_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_masked_text(text, out);
  return out;
}

TextRole text_role(std::string_view parent_tag) {
  if (ascii_iequals(parent_tag, "style")) return TextRole::style;
  if (ascii_iequals(parent_tag, "script")) return TextRole::script;
  if (ascii_iequals(parent_tag, "textarea")) return TextRole::input_value;
  return TextRole::plain;
}

AttributeMask attribute_mask(std::string_view tag, std::string_view name,
                             std::string_view input_type) {
  if (ascii_iequals(name, "value")) {
    if (ascii_iequals(tag, "input")) {
      if (ascii_iequals(input_type, "password")) return AttributeMask::always;
      // These show their value as a label, so it is page text rather than user input.
      if (ascii_iequals(input_type, "submit") || ascii_iequals(input_type, "button") ||
          ascii_iequals(input_type, "reset"))
        return AttributeMask::text;
      return AttributeMask::input;
    }
    if (ascii_iequals(tag, "textarea") || ascii_iequals(tag, "select") ||
        ascii_iequals(tag, "option"))
      return AttributeMask::input;
    return AttributeMask::none;
  }
  static const char* const kTextAttributes[] = {"title", "placeholder", "alt", "label",
                                                "aria-label", "aria-description",
                                                "aria-placeholder", "aria-valuetext"};
  for (const char* a : kTextAttributes)
    if (ascii_iequals(name, a)) return AttributeMask::text;
  return AttributeMask::none;
}

bool attribute_needs_mask(AttributeMask m, const PrivacyState& state) {
  switch (m) {
    case AttributeMask::none: return false;
    case AttributeMask::text: return state.mask_text;
    case AttributeMask::input: return state.mask_inputs;
    case AttributeMask::always: return true;
  }
  return true;
}

}  // namespace vigil::replay
