#include "replay/ring_buffer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "replay/huffman.h"
#include "replay/lz.h"
#include "replay/schema/replay_buffer_generated.h"

namespace vigil::replay {

namespace {

// A chunk's flatbuffer around its data: root offset, identifier, vtable, table, three vector
// lengths and their alignment padding, rounded up.
constexpr std::size_t kChunkOverhead = 128;
// A batch's time and size in a chunk (12 bytes), doubled while open: vectors grow by doubling.
constexpr std::size_t kPerBatch = 24;

}  // namespace

RingBuffer::RingBuffer(RingOptions options) : options_(options) {
  options_.max_bytes = std::max<std::size_t>(options_.max_bytes, 1024);
  options_.chunk_bytes = std::clamp<std::size_t>(options_.chunk_bytes, 64, options_.max_bytes / 4);
}

std::size_t RingBuffer::capacity_bytes() const {
  return stored_ + open_.capacity() + open_times_.capacity() * sizeof(double) +
         open_sizes_.capacity() * sizeof(std::uint32_t) + unpacked_.capacity();
}

void RingBuffer::clear_open() {
  open_.clear();
  open_times_.clear();
  open_sizes_.clear();
  open_checkout_ = false;
}

void RingBuffer::clear() {
  chunks_.clear();
  windows_.clear();
  clear_open();
  stored_ = raw_ = batches_ = 0;
  unpacked_.clear();
}

void RingBuffer::release() {
  clear();
  std::vector<std::uint8_t>().swap(open_);
  std::vector<double>().swap(open_times_);
  std::vector<std::uint32_t>().swap(open_sizes_);
  std::vector<std::uint8_t>().swap(unpacked_);
  std::vector<Chunk>().swap(chunks_);
  std::vector<Window>().swap(windows_);
}

std::size_t RingBuffer::budget(std::size_t extra) const {
  std::size_t open = 0;
  if (!open_sizes_.empty()) {
    // Allocated for the open batches (the buffer is reserved at chunk_bytes), or, once packed,
    // at most their bytes and a chunk's overhead.
    open = std::max(open_.capacity(), open_.size() + kChunkOverhead) + kPerBatch * open_sizes_.size();
  }
  return stored_ + open + extra;
}

void RingBuffer::pack(const std::uint8_t* data, std::size_t len, const double* times,
                      const std::uint32_t* sizes, std::size_t count, bool checkout) {
  // Packed into room for the worst case, then shrunk where it is (the allocator gives the tail
  // back), so a big page's snapshot batch is not held twice over while its chunk is built.
  std::unique_ptr<std::uint8_t, void (*)(void*)> packed(nullptr, std::free);
  std::size_t packed_size = 0;
  fb::Codec codec = fb::Codec_None;
  if (options_.compress && len >= 64) {
    packed.reset(static_cast<std::uint8_t*>(std::malloc(lz_bound(len))));
    if (packed) {
      std::vector<std::uint16_t> table;
      packed_size = lz_compress(data, len, packed.get(), table);
    }
    if (!packed || packed_size == 0 || packed_size >= len) {
      packed.reset();
    } else {
      codec = fb::Codec_Lz;
      // The entropy stage, into room for what it must beat; kept only when smaller.
      std::unique_ptr<std::uint8_t, void (*)(void*)> coded(static_cast<std::uint8_t*>(std::malloc(packed_size)), std::free);
      const std::size_t coded_size = coded ? huff_encode(packed.get(), packed_size, coded.get()) : 0;
      if (coded_size) {
        packed.swap(coded);
        packed_size = coded_size;
        codec = fb::Codec_LzHuff;
      }
      coded.reset();
      if (void* smaller = std::realloc(packed.get(), packed_size)) {
        packed.release();
        packed.reset(static_cast<std::uint8_t*>(smaller));
      }
    }
  }
  const bool lz = packed != nullptr;
  const std::uint8_t* bytes = lz ? packed.get() : data;
  const std::size_t size = lz ? packed_size : len;

  flatbuffers::FlatBufferBuilder fbb(size + count * 12 + kChunkOverhead);
  auto body = fbb.CreateVector(bytes, size);
  auto time_list = fbb.CreateVector(times, count);
  auto size_list = fbb.CreateVector(sizes, count);
  fb::ChunkBuilder chunk(fbb);
  chunk.add_data(body);
  chunk.add_times(time_list);
  chunk.add_sizes(size_list);
  chunk.add_codec(codec);
  chunk.add_checkout(checkout);
  fbb.Finish(chunk.Finish(), fb::ChunkIdentifier());
  packed.reset();

  Chunk c;
  c.size = fbb.GetSize();
  // new[] of a byte array is aligned for any scalar, as the chunk's doubles need.
  c.bytes.reset(new std::uint8_t[c.size]);
  std::memcpy(c.bytes.get(), fbb.GetBufferPointer(), c.size);
  c.raw = len;
  c.batches = count;
  stored_ += c.size;
  chunks_.push_back(std::move(c));
  ++windows_.back().chunks;
  ++stats_.packed_chunks;
}

void RingBuffer::seal() {
  if (open_sizes_.empty()) return;
  pack(open_.data(), open_.size(), open_times_.data(), open_sizes_.data(), open_sizes_.size(), open_checkout_);
  clear_open();
  // Given back between stretches, so a quiet page holds no empty buffer.
  std::vector<std::uint8_t>().swap(open_);
}

void RingBuffer::drop_oldest_window() {
  if (windows_.empty()) return;
  std::size_t bytes = 0;
  const std::size_t count = std::min(windows_.front().chunks, chunks_.size());
  for (std::size_t i = 0; i < count; ++i) {
    const Chunk& c = chunks_[i];
    bytes += c.size;
    stored_ -= c.size;
    raw_ -= c.raw;
    batches_ -= c.batches;
  }
  chunks_.erase(chunks_.begin(), chunks_.begin() + static_cast<std::ptrdiff_t>(count));
  if (windows_.size() == 1) {
    // The newest window: its open batches go with it.
    bytes += open_.size();
    for (std::uint32_t s : open_sizes_) raw_ -= s;
    batches_ -= open_sizes_.size();
    clear_open();
  }
  ++stats_.evicted_windows;
  stats_.evicted_bytes += bytes;
  windows_.erase(windows_.begin());
  if (windows_.empty()) clear();
}

void RingBuffer::drop_batch(std::size_t bytes) {
  ++stats_.dropped_chunks;
  stats_.dropped_bytes += bytes;
  // The newest window misses a piece now: it keeps what it has and takes nothing more.
  if (!windows_.empty()) windows_.back().closed = true;
}

void RingBuffer::evict(double now) {
  while (windows_.size() > 1 && windows_.front().start < now - options_.window_ms) drop_oldest_window();
}

bool RingBuffer::append(const std::uint8_t* batch, std::size_t len, bool checkout, double time,
                        double start, double now) {
  if (len == 0) return true;
  evict(now);
  if ((!checkout && needs_checkout()) || len + kChunkOverhead + kPerBatch > options_.max_bytes) {
    drop_batch(len);
    return false;
  }
  unpacked_.clear();
  // A checkout closes the stretch of the window before it; a batch that would overfill the
  // open stretch packs it first.
  if (checkout || open_.size() + len > options_.chunk_bytes) seal();
  const bool alone = len >= options_.chunk_bytes;
  const std::size_t cost = alone ? len + kChunkOverhead + kPerBatch
                                 : (open_sizes_.empty() ? options_.chunk_bytes + kChunkOverhead : 0) + kPerBatch;
  // Room is made from the old end, whole windows at a time; a continuation never evicts the
  // window it continues, a checkout may evict them all.
  const std::size_t keep = checkout ? 0 : 1;
  while (budget(cost) > options_.max_bytes && windows_.size() > keep) drop_oldest_window();
  if (budget(cost) > options_.max_bytes) {
    drop_batch(len);
    return false;
  }
  if (checkout) {
    windows_.push_back(Window{start, 0, false});
    open_checkout_ = true;
  }
  if (alone) {
    // Packed at once, straight from the caller's bytes (a big page's snapshot is never copied).
    const auto size = static_cast<std::uint32_t>(len);
    pack(batch, len, &time, &size, 1, open_checkout_);
    open_checkout_ = false;
  } else {
    if (open_.capacity() < options_.chunk_bytes) open_.reserve(options_.chunk_bytes);
    open_.insert(open_.end(), batch, batch + len);
    open_times_.push_back(time);
    open_sizes_.push_back(static_cast<std::uint32_t>(len));
  }
  raw_ += len;
  ++batches_;
  ++stats_.chunks;
  return true;
}

bool RingBuffer::check(const Chunk& c, std::size_t& raw) {
  // The ring's own memory, but a stray write elsewhere in Wasm memory could still reach it:
  // a chunk that does not check ends the list there rather than be read past its end.
  flatbuffers::Verifier verifier(c.bytes.get(), c.size);
  if (!fb::VerifyChunkBuffer(verifier)) return false;
  const fb::Chunk* chunk = fb::GetChunk(c.bytes.get());
  const auto* times = chunk->times();
  const auto* sizes = chunk->sizes();
  if (!times || !sizes || !chunk->data() || times->size() != sizes->size()) return false;
  raw = 0;
  for (std::uint32_t s : *sizes) raw += s;
  if (chunk->codec() == fb::Codec_None) return raw == chunk->data()->size();
  return chunk->codec() == fb::Codec_Lz || chunk->codec() == fb::Codec_LzHuff;
}

bool RingBuffer::unpack(const Chunk& c, std::uint8_t* into, std::vector<StoredBatch>& out) {
  const fb::Chunk* chunk = fb::GetChunk(c.bytes.get());
  const auto* data = chunk->data();
  const auto* times = chunk->times();
  const auto* sizes = chunk->sizes();
  std::size_t raw = 0;
  for (std::uint32_t s : *sizes) raw += s;
  if (chunk->codec() == fb::Codec_LzHuff) {
    // The Lz stream it codes is at most what Lz could have written for these bytes.
    const std::size_t lz_size = huff_size(data->data(), data->size());
    if (lz_size == 0 || lz_size > lz_bound(raw)) return false;
    std::vector<std::uint8_t> lz(lz_size);
    if (!huff_decode(data->data(), data->size(), lz.data(), lz_size)) return false;
    if (!lz_decompress(lz.data(), lz_size, into, raw)) return false;
  } else if (chunk->codec() == fb::Codec_Lz) {
    if (!lz_decompress(data->data(), data->size(), into, raw)) return false;
  } else if (raw) {
    std::memcpy(into, data->data(), raw);
  }
  std::size_t at = 0;
  for (flatbuffers::uoffset_t k = 0; k < sizes->size(); ++k) {
    out.push_back(StoredBatch{std::string_view(reinterpret_cast<const char*>(into + at), sizes->Get(k)), times->Get(k)});
    at += sizes->Get(k);
  }
  return true;
}

std::vector<StoredBatch> RingBuffer::batches(double now) {
  evict(now);
  std::vector<StoredBatch> out;
  out.reserve(batches_);
  // Unpacked into one buffer sized once, so the views handed out stay where they are.
  std::vector<std::uint8_t>().swap(unpacked_);
  std::size_t total = 0;
  std::size_t good = 0;
  for (const Chunk& c : chunks_) {
    std::size_t raw = 0;
    if (!check(c, raw)) break;
    total += raw;
    ++good;
  }
  unpacked_.resize(total);
  std::size_t at = 0;
  for (std::size_t i = 0; i < good; ++i) {
    const std::size_t before = out.size();
    if (!unpack(chunks_[i], unpacked_.data() + at, out)) return out;
    for (std::size_t k = before; k < out.size(); ++k) at += out[k].bytes.size();
  }
  if (good < chunks_.size()) return out;
  auto keep = [&out](const StoredBatch& b) { out.push_back(b); };
  for_each_open(keep);
  return out;
}

}  // namespace vigil::replay
