#pragma once
// Randomness is injected: the host seeds it (crypto.getRandomValues in JS) and tests pass a
// fixed sequence, so every sampling decision and id is reproducible under test.
#include <cstdint>
#include <string>

namespace vigil {

class Random {
 public:
  virtual ~Random() = default;
  virtual std::uint64_t next_u64() = 0;
  // Uniform in [0, 1), 53 bits.
  double next_double() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
};

// xoshiro256** seeded through splitmix64: fast, small and good enough for ids and sampling
// (ids need uniqueness, not secrecy).
class Xoshiro256 final : public Random {
 public:
  explicit Xoshiro256(std::uint64_t seed);
  std::uint64_t next_u64() override;

 private:
  std::uint64_t s_[4];
};

// 32 lowercase hex characters, a version-4 UUID without dashes, as Sentry's event_id wants.
std::string uuid4_hex(Random& random);
// n random bytes as 2n lowercase hex characters (span ids are 16, trace ids 32).
std::string random_hex(Random& random, std::size_t bytes);

}  // namespace vigil
