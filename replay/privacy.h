#pragma once
// Masking and blocking rules, applied on every path that emits page content (snapshot, added
// nodes, text and attribute changes, input events). Selectors are matched by JS, which sends
// per-element flags; here the flags are inherited down the tree and turned into decisions.
//
// Inheritance: the nearest mask/unmask flag on the element or an ancestor decides masking, and
// without one the maskAllText / maskAllInputs default does. An element is blocked when it has
// the block flag, or is media while blockAllMedia is on, unless it has the unblock flag itself;
// everything below a blocked element is left out (the placeholder has no children). Passwords
// are masked whatever the flags say.
#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::replay {

struct PrivacyOptions {
  bool mask_all_text = true;
  bool mask_all_inputs = true;
  bool block_all_media = true;
};

// What a node's position in the tree decides for its content.
struct PrivacyState {
  bool mask_text = true;
  bool mask_inputs = true;
  bool ignore = false;      // inside an ignore-selector element: input events dropped
  bool suppressed = false;  // inside a blocked element: not emitted at all
};

// The state at the document, before any flag.
PrivacyState root_privacy_state(const PrivacyOptions& options);
// The state of an element's content given its parent's state and its own flags.
PrivacyState element_privacy_state(const PrivacyState& parent, std::uint32_t flags);
// Whether the element itself becomes a placeholder.
bool is_blocked_element(const PrivacyOptions& options, std::string_view tag, std::uint32_t flags);
// img, video, audio, picture, svg, image, iframe, object, embed, ... (case-insensitive).
bool is_media_tag(std::string_view tag);

// Replaces every non-whitespace character with '*', counting as JavaScript does (a character
// outside the BMP is two UTF-16 units, so two stars), so the masked text keeps its length on the
// page. Whitespace is JavaScript's \s; invalid UTF-8 bytes become one star each.
std::string mask_text(std::string_view text);
void append_masked_text(std::string_view text, std::string& out);

// How a text node's content is emitted, by its parent element's tag.
enum class TextRole { plain, style, script, input_value };
TextRole text_role(std::string_view parent_tag);

// Whether an attribute value is shown as is, masked as text, or masked as an input value.
enum class AttributeMask { none, text, input, always };
AttributeMask attribute_mask(std::string_view tag, std::string_view name,
                             std::string_view input_type);
// Applies attribute_mask() under a state.
bool attribute_needs_mask(AttributeMask m, const PrivacyState& state);

bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace vigil::replay
