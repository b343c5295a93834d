# libdeflate.wasm for the compression worker: libdeflate's zlib compressor (Debian's C source,
# fetched into third_party/libdeflate-src by scripts/setup.sh) as a standalone Wasm module with
# no Emscripten JS runtime, instantiated by hand in worker/libdeflate-wasm.js. At level 9 it
# sends ~12 % fewer replay bytes than CompressionStream's zlib (level 6) for a ~12 KB download
# (bench/replay-compression.mjs).
set(VIGIL_LIBDEFLATE_SRC ${CMAKE_SOURCE_DIR}/third_party/libdeflate-src)
if(NOT EXISTS ${VIGIL_LIBDEFLATE_SRC}/libdeflate.h)
  message(STATUS "third_party/libdeflate-src missing (scripts/setup.sh fetches it): no libdeflate.wasm")
  return()
endif()
enable_language(C)
add_executable(vigil_libdeflate_wasm
  ${VIGIL_LIBDEFLATE_SRC}/lib/deflate_compress.c
  ${VIGIL_LIBDEFLATE_SRC}/lib/zlib_compress.c
  ${VIGIL_LIBDEFLATE_SRC}/lib/adler32.c
  ${VIGIL_LIBDEFLATE_SRC}/lib/utils.c)
target_include_directories(vigil_libdeflate_wasm PRIVATE ${VIGIL_LIBDEFLATE_SRC})
# -Oz: downloaded by the worker; level 9 at -Oz takes a few ms per 150 KB segment.
target_compile_options(vigil_libdeflate_wasm PRIVATE -Oz -flto -w)
set_target_properties(vigil_libdeflate_wasm PROPERTIES OUTPUT_NAME libdeflate SUFFIX ".wasm")
target_link_options(vigil_libdeflate_wasm PRIVATE -Oz -flto --no-entry
  "SHELL:-s STANDALONE_WASM=1"
  "SHELL:-s EXPORTED_FUNCTIONS=_malloc,_free,_libdeflate_alloc_compressor,_libdeflate_free_compressor,_libdeflate_zlib_compress,_libdeflate_zlib_compress_bound"
  "SHELL:-s ALLOW_MEMORY_GROWTH=1"
  # The compressor's state at levels up to 9 is ~0.3 MB, allocated per call and freed after.
  "SHELL:-s INITIAL_MEMORY=1048576"
  "SHELL:-s TOTAL_STACK=65536"
  "SHELL:-s FILESYSTEM=0"
  "SHELL:-s MALLOC=emmalloc"
  "SHELL:-s ASSERTIONS=0")
