#pragma once
// Order-0 Huffman coding of a byte stream: the entropy stage after replay/lz.h for buffer mode's
// ring. The LZ stage leaves literals, tokens and offsets as whole bytes, which on record batches
// spend ~1.15 bits more per byte than their entropy; coding them packs the benchmark page's
// chunks ~13 % smaller (zlib, which does both in one, is 0.39 of them to this pair's ~0.44).
//
// The format: the decoded size (4 bytes, little-endian), 128 bytes of code lengths (a nibble per
// byte value, low nibble first; 0 = absent, at most kHuffMaxBits), then the canonical codes,
// packed from the low bit of each byte up. The decoder checks the lengths (no code may be
// over-subscribed), every code it reads, the end of the input, and that the stream ends where
// the last symbol does, since it reads Wasm memory that a stray write elsewhere could have
// reached.
#include <cstddef>
#include <cstdint>

namespace vigil::replay {

constexpr int kHuffMaxBits = 11;
constexpr std::size_t kHuffHeader = 4 + 128;

// Codes `n` bytes into `out`, which has room for `n` bytes, and returns how many it wrote; 0 when
// coding would not make them smaller (the caller keeps them as they are).
std::size_t huff_encode(const std::uint8_t* in, std::size_t n, std::uint8_t* out);

// The decoded size a coded stream says it has (0 when it is too short to say).
std::size_t huff_size(const std::uint8_t* in, std::size_t n);

// Decodes `n` bytes of a huff_encode() stream into exactly `size` bytes at `out`. False when the
// stream is malformed or does not say it holds `size` bytes.
bool huff_decode(const std::uint8_t* in, std::size_t n, std::uint8_t* out, std::size_t size);

}  // namespace vigil::replay
