# The sanitized build and the fuzz targets (docs/testing.md, "Fuzzing and sanitizers").
#
# VIGIE_SANITIZE: every target, ours and the generated parser, is compiled and linked with
# AddressSanitizer and UndefinedBehaviorSanitizer; a UBSan finding stops the program
# (-fno-sanitize-recover), so it fails the test that hit it. Works with gcc and clang.
#
# VIGIE_FUZZ (clang only): also the libFuzzer targets of fuzz/. Every target is compiled with
# -fsanitize=fuzzer-no-link (coverage for the fuzzer; the sanitizer runtime provides the hooks, so
# vigie and vigie_tests still link and run as usual) and fuzz/ links its targets with
# -fsanitize=fuzzer. One build folder (build-san, tools/sanitized_build.sh) then serves both the
# sanitized test suite and the fuzzers.
option(VIGIE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(VIGIE_FUZZ "Build the libFuzzer targets of fuzz/ (clang only; implies VIGIE_SANITIZE)" OFF)

if(VIGIE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "VIGIE_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  set(VIGIE_SANITIZE ON CACHE BOOL "" FORCE)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(VIGIE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()
