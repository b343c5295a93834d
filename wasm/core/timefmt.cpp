#include "core/timefmt.h"

#include <cmath>

namespace vigil {
namespace {

// Floor division: C++ truncates toward zero, which is wrong for dates before 1970.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t y, int m) {
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

struct Civil {
  std::int64_t year;
  int month;
  int day;
};

// Inverse of days_from_civil. Counting years from March puts the leap day last, so each
// 400-year era is a fixed 146097 days and the month lengths follow a linear formula.
Civil civil_from_days(std::int64_t days) {
  std::int64_t z = days + 719468;  // shift the epoch to 0000-03-01
  std::int64_t era = floor_div(z, 146097);
  std::int64_t doe = z - era * 146097;                                     // [0, 146096]
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              // [0, 365]
  std::int64_t mp = (5 * doy + 2) / 153;                                   // March = 0
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

void put_digits(std::string& out, std::int64_t v, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<std::size_t>(width));
}

// A tiny cursor over the input: every reader returns false instead of running past the end.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return pos_ == s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  bool lit(char c) {
    if (done() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool lit(std::string_view w) {
    if (s_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }
  // Exactly n ASCII digits.
  bool digits(int n, int& out) {
    out = 0;
    for (int i = 0; i < n; ++i) {
      char c = peek();
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
      ++pos_;
    }
    return true;
  }
  // One of the names; returns its index.
  bool one_of(const char* const* names, int count, int& index) {
    for (int i = 0; i < count; ++i) {
      if (lit(std::string_view(names[i]))) {
        index = i;
        return true;
      }
    }
    return false;
  }
  std::size_t pos() const { return pos_; }
  void advance() { ++pos_; }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

const char* const kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kShortDays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
// RFC 850 spells weekdays out; "Sun" is a prefix of "Sunday", so each form has its own list.
const char* const kLongDays[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                  "Friday", "Saturday", "Sunday"};

std::optional<double> to_unix(std::int64_t y, int mo, int d, int h, int mi, int s, double frac) {
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  if (h > 23 || mi > 59 || s > 60) return std::nullopt;
  double secs = static_cast<double>(days_from_civil(y, mo, d)) * 86400.0 + h * 3600 + mi * 60 + s;
  return secs + frac;
}

bool read_time(Cursor& c, int& h, int& mi, int& s) {
  return c.digits(2, h) && c.lit(':') && c.digits(2, mi) && c.lit(':') && c.digits(2, s);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  std::int64_t y = year - (month <= 2 ? 1 : 0);
  std::int64_t era = floor_div(y, 400);
  std::int64_t yoe = y - era * 400;
  std::int64_t mp = (month + 9) % 12;
  std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string format_rfc3339(double unix_seconds) {
  static const double kMin = static_cast<double>(days_from_civil(0, 1, 1)) * 86400.0;
  static const double kMax = static_cast<double>(days_from_civil(9999, 12, 31)) * 86400.0 + 86399.999;
  double secs = std::isfinite(unix_seconds) ? unix_seconds : 0.0;
  if (secs < kMin) secs = kMin;
  if (secs > kMax) secs = kMax;
  auto ms = static_cast<std::int64_t>(std::llround(secs * 1000.0));
  std::int64_t days = floor_div(ms, 86400000);
  std::int64_t in_day = ms - days * 86400000;
  Civil c = civil_from_days(days);
  std::string out;
  out.reserve(24);
  put_digits(out, c.year, 4);
  out += '-';
  put_digits(out, c.month, 2);
  out += '-';
  put_digits(out, c.day, 2);
  out += 'T';
  put_digits(out, in_day / 3600000, 2);
  out += ':';
  put_digits(out, in_day / 60000 % 60, 2);
  out += ':';
  put_digits(out, in_day / 1000 % 60, 2);
  out += '.';
  put_digits(out, in_day % 1000, 3);
  out += 'Z';
  return out;
}

std::optional<double> parse_rfc3339(std::string_view text) {
  Cursor c(text);
  int y, mo, d, h, mi, s;
  if (!(c.digits(4, y) && c.lit('-') && c.digits(2, mo) && c.lit('-') && c.digits(2, d))) {
    return std::nullopt;
  }
  if (!(c.lit('T') || c.lit('t') || c.lit(' '))) return std::nullopt;
  if (!read_time(c, h, mi, s)) return std::nullopt;
  double frac = 0;
  if (c.lit('.')) {
    double scale = 0.1;
    int n = 0;
    while (c.peek() >= '0' && c.peek() <= '9') {
      frac += (c.peek() - '0') * scale;
      scale /= 10;
      c.advance();
      ++n;
    }
    if (n == 0) return std::nullopt;
  }
  int offset = 0;
  if (c.lit('Z') || c.lit('z')) {
  } else if (c.peek() == '+' || c.peek() == '-') {
    int sign = c.peek() == '-' ? -1 : 1;
    c.advance();
    int oh, om;
    if (!(c.digits(2, oh) && c.lit(':') && c.digits(2, om)) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  if (!c.done()) return std::nullopt;
  auto t = to_unix(y, mo, d, h, mi, s, frac);
  if (!t) return std::nullopt;
  return *t - offset;  // local time = UTC + offset
}

std::optional<double> parse_http_date(std::string_view text) {
  text = trim(text);
  int y, mo, d, h, mi, s, wd;
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  {
    Cursor c(text);
    if (c.one_of(kShortDays, 7, wd) && c.lit(", ") && c.digits(2, d) && c.lit(' ') &&
        c.one_of(kMonths, 12, mo) && c.lit(' ') && c.digits(4, y) && c.lit(' ') &&
        read_time(c, h, mi, s) && c.lit(" GMT") && c.done()) {
      return to_unix(y, mo + 1, d, h, mi, s, 0);
    }
  }
  // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
  {
    Cursor c(text);
    if (c.one_of(kLongDays, 7, wd) && c.lit(", ") && c.digits(2, d) && c.lit('-') &&
        c.one_of(kMonths, 12, mo) && c.lit('-') && c.digits(2, y) && c.lit(' ') &&
        read_time(c, h, mi, s) && c.lit(" GMT") && c.done()) {
      // RFC 9110 resolves two-digit years relative to "now"; a fixed pivot keeps this pure, and
      // no server still sends this form with a date outside 1970..2069.
      return to_unix(y >= 70 ? 1900 + y : 2000 + y, mo + 1, d, h, mi, s, 0);
    }
  }
  // asctime: "Sun Nov  6 08:49:37 1994" (day padded with a space, or two digits)
  {
    Cursor c(text);
    if (c.one_of(kShortDays, 7, wd) && c.lit(' ') && c.one_of(kMonths, 12, mo) && c.lit(' ')) {
      bool day_ok = c.lit(' ') ? c.digits(1, d) : c.digits(2, d);
      if (day_ok && c.lit(' ') && read_time(c, h, mi, s) && c.lit(' ') && c.digits(4, y) &&
          c.done()) {
        return to_unix(y, mo + 1, d, h, mi, s, 0);
      }
    }
  }
  return std::nullopt;
}

}  // namespace vigil
