# brotli.wasm for the compression worker: Brotli's encoder (Debian's C source, fetched into
# third_party/brotli-src by scripts/setup.sh) as a standalone Wasm module with no Emscripten
# JS runtime. worker/brotli-wasm.js instantiates it by hand: it exports malloc, free and the
# one-shot encoder, and imports only two functions that never run in practice.
set(VIGIL_BROTLI_SRC ${CMAKE_SOURCE_DIR}/third_party/brotli-src)
if(NOT EXISTS ${VIGIL_BROTLI_SRC}/c/include/brotli/encode.h)
  message(STATUS "third_party/brotli-src missing (scripts/setup.sh fetches it): no brotli.wasm")
  return()
endif()
enable_language(C)
file(GLOB VIGIL_BROTLI_SOURCES ${VIGIL_BROTLI_SRC}/c/common/*.c ${VIGIL_BROTLI_SRC}/c/enc/*.c)
add_executable(vigil_brotli_wasm ${VIGIL_BROTLI_SOURCES})
target_include_directories(vigil_brotli_wasm PRIVATE ${VIGIL_BROTLI_SRC}/c/include)
# Always -Oz: the module is downloaded by the worker, and the encoder is fast enough at -Oz
# for replay segments (bench/replay-compression.mjs measures it).
target_compile_options(vigil_brotli_wasm PRIVATE -Oz -flto -w)
set_target_properties(vigil_brotli_wasm PROPERTIES OUTPUT_NAME brotli SUFFIX ".wasm")
target_link_options(vigil_brotli_wasm PRIVATE -Oz -flto --no-entry
  "SHELL:-s STANDALONE_WASM=1"
  "SHELL:-s EXPORTED_FUNCTIONS=_malloc,_free,_BrotliEncoderCompress,_BrotliEncoderMaxCompressedSize"
  "SHELL:-s ALLOW_MEMORY_GROWTH=1"
  # Emscripten's defaults (16 MB memory, 5 MB stack) would be held by every worker; the encoder
  # keeps its tables on the heap, which grows to what the quality needs.
  "SHELL:-s INITIAL_MEMORY=1048576"
  "SHELL:-s TOTAL_STACK=131072"
  "SHELL:-s FILESYSTEM=0"
  "SHELL:-s MALLOC=emmalloc"
  "SHELL:-s ASSERTIONS=0")
