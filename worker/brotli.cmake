# brotli.wasm for the compression worker: Brotli's encoder (Debian's C source, fetched into
# third_party/brotli-src by scripts/setup.sh), for `compression: 'brotli'`. The encoder is fast
# enough at -Oz for replay segments (bench/replay-compression.mjs measures it) and keeps its
# tables on the heap, which grows to what the quality needs.
set(VIGIL_BROTLI_SRC ${CMAKE_SOURCE_DIR}/third_party/brotli-src)
if(NOT EXISTS ${VIGIL_BROTLI_SRC}/c/include/brotli/encode.h)
  message(STATUS "third_party/brotli-src missing (scripts/setup.sh fetches it): no brotli.wasm")
  return()
endif()
file(GLOB VIGIL_BROTLI_SOURCES ${VIGIL_BROTLI_SRC}/c/common/*.c ${VIGIL_BROTLI_SRC}/c/enc/*.c)
vigil_standalone_wasm(vigil_brotli_wasm brotli
  "_BrotliEncoderCompress,_BrotliEncoderMaxCompressedSize" 131072 ${VIGIL_BROTLI_SOURCES})
target_include_directories(vigil_brotli_wasm PRIVATE ${VIGIL_BROTLI_SRC}/c/include)
