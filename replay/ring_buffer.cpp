#include "replay/ring_buffer.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "replay/schema/replay_buffer_generated.h"

namespace vigil::replay {

namespace {

// A record is an 8-byte header (u32 payload length, u32 zero) and the flatbuffer, padded to 8
// so every flatbuffer starts 8-aligned and its doubles read aligned. A header whose length is
// kWrap says the records go on at offset 0.
constexpr std::size_t kHeader = 8;
constexpr std::uint32_t kWrap = 0xFFFFFFFFu;
constexpr std::size_t kNowhere = std::numeric_limits<std::size_t>::max();

std::size_t round8(std::size_t n) { return (n + 7) & ~static_cast<std::size_t>(7); }

std::uint32_t read_u32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

void write_header(std::uint8_t* p, std::uint32_t len) {
  std::memcpy(p, &len, 4);
  std::memset(p + 4, 0, 4);
}

}  // namespace

RingBuffer::RingBuffer(RingOptions options) : options_(options) {
  options_.max_bytes = std::max<std::size_t>(round8(options_.max_bytes), 64);
  options_.initial_bytes = std::min(round8(std::max<std::size_t>(options_.initial_bytes, 64)),
                                    options_.max_bytes);
}

void RingBuffer::clear() {
  head_ = tail_ = used_ = records_ = 0;
  windows_.clear();
}

void RingBuffer::release() {
  clear();
  std::vector<std::uint8_t>().swap(storage_);
}

std::string_view RingBuffer::record_at(std::size_t& offset) const {
  const std::size_t cap = storage_.size();
  if (offset >= cap) offset = 0;
  std::uint32_t len = read_u32(&storage_[offset]);
  if (len == kWrap) {
    offset = 0;
    len = read_u32(&storage_[0]);
  }
  std::string_view payload(reinterpret_cast<const char*>(&storage_[offset + kHeader]), len);
  offset += kHeader + round8(len);
  if (offset >= cap) offset = 0;
  return payload;
}

std::string_view RingBuffer::pop_record() {
  if (records_ == 0) return {};
  const std::size_t cap = storage_.size();
  if (head_ >= cap) head_ = 0;
  if (read_u32(&storage_[head_]) == kWrap) {
    used_ -= cap - head_;
    head_ = 0;
  }
  std::string_view payload = record_at(head_);
  used_ -= kHeader + round8(payload.size());
  if (--records_ == 0) head_ = tail_ = used_ = 0;
  return payload;
}

void RingBuffer::grow(std::size_t needed) {
  std::size_t cap = std::max(storage_.size(), options_.initial_bytes);
  while (cap < needed && cap < options_.max_bytes) cap *= 2;
  cap = std::min(round8(cap), options_.max_bytes);
  if (cap <= storage_.size()) return;
  // Linearised on the way: records from head_ in order, no wrap padding left.
  std::vector<std::uint8_t> next(cap);
  std::size_t out = 0;
  std::size_t offset = head_;
  for (std::size_t i = 0; i < records_; ++i) {
    std::string_view payload = record_at(offset);
    std::size_t footprint = kHeader + round8(payload.size());
    std::memcpy(&next[out], payload.data() - kHeader, footprint);
    out += footprint;
  }
  storage_.swap(next);
  head_ = 0;
  tail_ = out >= cap ? 0 : out;
  used_ = out;
}

std::size_t RingBuffer::place(std::size_t footprint) {
  if (footprint > options_.max_bytes) return kNowhere;
  for (;;) {
    const std::size_t cap = storage_.size();
    if (used_ == 0) {
      head_ = tail_ = 0;
      if (footprint <= cap) return 0;
    } else if (tail_ > head_) {
      if (footprint <= cap - tail_) return tail_;
      if (footprint <= head_) {
        // The end is too short: mark it skipped and start again at the front.
        write_header(&storage_[tail_], kWrap);
        used_ += cap - tail_;
        tail_ = 0;
        return 0;
      }
    } else if (tail_ < head_) {
      if (footprint <= head_ - tail_) return tail_;
    }
    if (cap >= options_.max_bytes) return kNowhere;
    grow(used_ + footprint);
  }
}

void RingBuffer::drop_oldest_window() {
  if (windows_.empty()) return;
  const std::size_t used_before = used_;
  for (std::size_t i = 0; i < windows_.front().chunks; ++i) pop_record();
  ++stats_.evicted_windows;
  stats_.evicted_bytes += used_before - used_;
  windows_.pop_front();
  if (windows_.empty()) clear();
}

void RingBuffer::drop_chunk(std::size_t bytes) {
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
  if ((!checkout && needs_checkout()) || len > options_.max_bytes) {
    drop_chunk(len);
    return false;
  }

  flatbuffers::FlatBufferBuilder fbb(len + 64);
  auto bytes = fbb.CreateVector(batch, len);
  fb::ChunkBuilder chunk(fbb);
  chunk.add_time(time);
  chunk.add_batch(bytes);
  chunk.add_checkout(checkout);
  fbb.Finish(chunk.Finish(), fb::ChunkIdentifier());

  const std::size_t size = fbb.GetSize();
  const std::size_t footprint = kHeader + round8(size);
  std::size_t at = place(footprint);
  // Room is made from the old end, whole windows at a time; a continuation never evicts the
  // window it continues, a checkout may evict them all.
  const std::size_t keep = checkout ? 0 : 1;
  while (at == kNowhere && windows_.size() > keep && footprint <= options_.max_bytes) {
    drop_oldest_window();
    at = place(footprint);
  }
  if (at == kNowhere) {
    drop_chunk(len);
    return false;
  }
  write_header(&storage_[at], static_cast<std::uint32_t>(size));
  std::memcpy(&storage_[at + kHeader], fbb.GetBufferPointer(), size);
  std::memset(&storage_[at + kHeader + size], 0, footprint - kHeader - size);
  tail_ = at + footprint;
  if (tail_ >= storage_.size()) tail_ = 0;
  used_ += footprint;
  ++records_;
  ++stats_.chunks;
  if (checkout) windows_.push_back(Window{start, 1, false});
  else ++windows_.back().chunks;
  return true;
}

std::vector<StoredBatch> RingBuffer::batches(double now) {
  evict(now);
  std::vector<StoredBatch> out;
  out.reserve(records_);
  std::size_t offset = head_;
  for (std::size_t i = 0; i < records_; ++i) {
    std::string_view payload = record_at(offset);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(payload.data());
    // The ring's own memory, but a stray write elsewhere in Wasm memory could still reach it:
    // a chunk that does not verify ends the list there rather than be read past its end.
    flatbuffers::Verifier verifier(bytes, payload.size());
    if (!fb::VerifyChunkBuffer(verifier)) break;
    const fb::Chunk* chunk = fb::GetChunk(bytes);
    const auto* batch = chunk->batch();
    if (!batch) break;
    out.push_back(StoredBatch{
        std::string_view(reinterpret_cast<const char*>(batch->data()), batch->size()), chunk->time()});
  }
  return out;
}

}  // namespace vigil::replay
