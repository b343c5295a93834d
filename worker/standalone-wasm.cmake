# A standalone Wasm module for the compression worker: no Emscripten JS runtime
# (worker/standalone-wasm.js instantiates it by hand), exporting malloc, free and the given C
# functions, importing only two that never run in practice. Always -Oz: the worker downloads it.
# Memory starts at 1 MB (Emscripten's default 16 MB and 5 MB stack would be held by every
# worker) and grows to what the compressor's state needs.
enable_language(C)
function(vigil_standalone_wasm target output exports stack_bytes)
  add_executable(${target} ${ARGN})
  target_compile_options(${target} PRIVATE -Oz -flto -w)
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${output} SUFFIX ".wasm")
  target_link_options(${target} PRIVATE -Oz -flto --no-entry
    "SHELL:-s STANDALONE_WASM=1"
    "SHELL:-s EXPORTED_FUNCTIONS=_malloc,_free,${exports}"
    "SHELL:-s ALLOW_MEMORY_GROWTH=1"
    "SHELL:-s INITIAL_MEMORY=1048576"
    "SHELL:-s TOTAL_STACK=${stack_bytes}"
    "SHELL:-s FILESYSTEM=0"
    "SHELL:-s MALLOC=emmalloc"
    "SHELL:-s ASSERTIONS=0")
endfunction()
