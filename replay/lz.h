#pragma once
// A small LZ77 codec for buffer mode's ring (ring_buffer.h): the record batches a page writes
// repeat themselves (tag and attribute names, ids, texts of list rows), and the ring holds a
// minute of them, so storing them packed is most of what buffer mode's memory can shed. Written
// for this: a few hundred bytes of Wasm, no tables larger than the hash, and a decoder that
// checks every length and offset against both buffers, since it reads Wasm memory that a stray
// write elsewhere could have reached.
//
// The format is a run of sequences, each a token byte (high nibble: literal count, low nibble:
// match length - 4; 15 in either says extension bytes follow, each added, until one is not 255),
// the literals, then, unless the output is complete, a 2-byte little-endian offset (1..65535)
// back into the output and the match's extension bytes. The decoded size is not in the stream:
// the caller keeps it (the ring's chunk says it).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace vigil::replay {

// The most compress() can write for `n` input bytes.
constexpr std::size_t lz_bound(std::size_t n) { return n + n / 255 + 16; }

// Compresses `n` bytes into `out`, which has room for lz_bound(n), and returns how many bytes
// it wrote. `table` is the hash table's storage, reused between calls when the caller keeps it.
std::size_t lz_compress(const std::uint8_t* in, std::size_t n, std::uint8_t* out,
                        std::vector<std::uint16_t>& table);

// The same into a vector, resized to what was written.
void lz_compress(const std::uint8_t* in, std::size_t n, std::vector<std::uint8_t>& out,
                 std::vector<std::uint16_t>& table);

// Decodes `n` bytes of a compress() stream into exactly `size` bytes at `out`. False when the
// stream is malformed or does not decode to exactly `size` bytes (then `out` holds garbage).
bool lz_decompress(const std::uint8_t* in, std::size_t n, std::uint8_t* out, std::size_t size);

}  // namespace vigil::replay
