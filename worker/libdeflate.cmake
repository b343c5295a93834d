# libdeflate.wasm for the compression worker: libdeflate's zlib compressor (Debian's C source,
# fetched into third_party/libdeflate-src by scripts/setup.sh). At level 9 it sends ~12 % fewer
# replay bytes than CompressionStream's zlib (level 6) for a ~12 KB download, a few ms per
# 150 KB segment at -Oz (bench/replay-compression.mjs); its state at levels up to 9 is ~0.3 MB,
# allocated per call and freed after.
set(VIGIL_LIBDEFLATE_SRC ${CMAKE_SOURCE_DIR}/third_party/libdeflate-src)
if(NOT EXISTS ${VIGIL_LIBDEFLATE_SRC}/libdeflate.h)
  message(STATUS "third_party/libdeflate-src missing (scripts/setup.sh fetches it): no libdeflate.wasm")
  return()
endif()
vigil_standalone_wasm(vigil_libdeflate_wasm libdeflate
  "_libdeflate_alloc_compressor,_libdeflate_free_compressor,_libdeflate_zlib_compress,_libdeflate_zlib_compress_bound"
  65536
  ${VIGIL_LIBDEFLATE_SRC}/lib/deflate_compress.c
  ${VIGIL_LIBDEFLATE_SRC}/lib/zlib_compress.c
  ${VIGIL_LIBDEFLATE_SRC}/lib/adler32.c
  ${VIGIL_LIBDEFLATE_SRC}/lib/utils.c)
target_include_directories(vigil_libdeflate_wasm PRIVATE ${VIGIL_LIBDEFLATE_SRC})
