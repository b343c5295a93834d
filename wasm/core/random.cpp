#include "core/random.h"

namespace vigil {

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void append_hex(std::uint64_t v, std::size_t nibbles, std::string& out) {
  static const char* hex = "0123456789abcdef";
  for (std::size_t i = 0; i < nibbles; ++i) out += hex[(v >> (4 * (nibbles - 1 - i))) & 0xF];
}
}  // namespace

Xoshiro256::Xoshiro256(std::uint64_t seed) {
  for (auto& s : s_) s = splitmix64(seed);
}

std::uint64_t Xoshiro256::next_u64() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::string uuid4_hex(Random& random) {
  std::uint64_t hi = random.next_u64();
  std::uint64_t lo = random.next_u64();
  hi = (hi & ~0xF000ull) | 0x4000ull;                          // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
  std::string out;
  out.reserve(32);
  append_hex(hi, 16, out);
  append_hex(lo, 16, out);
  return out;
}

std::string random_hex(Random& random, std::size_t bytes) {
  std::string out;
  out.reserve(bytes * 2);
  while (bytes > 0) {
    std::size_t take = bytes < 8 ? bytes : 8;
    append_hex(random.next_u64(), take * 2, out);
    bytes -= take;
  }
  return out;
}

}  // namespace vigil
