# Shared compile settings for every depeche target.
function(depeche_target_settings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Wunused
                                           -Woverloaded-virtual -Wno-missing-field-initializers)
  if(DEPECHE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
    # GCC 12's flow-based warnings fire inside libstdc++ and Asio headers
    # once inlining is on (GCC bugs 105329, 105651): kept as warnings, not
    # errors, so that the optimised CI build judges our code, not theirs.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-error=restrict -Wno-error=maybe-uninitialized
                                               -Wno-error=stringop-overflow -Wno-error=array-bounds)
    endif()
  endif()
endfunction()

# depeche_library(NAME SOURCES... DEPS ...): one library per folder under src/,
# with includes rooted at src/.
function(depeche_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(depeche_${name} STATIC ${ARG_SOURCES})
  target_include_directories(depeche_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(depeche_${name} PUBLIC ${ARG_DEPS})
  depeche_target_settings(depeche_${name})
endfunction()

# Instrumentation for the whole tree, set before any target is defined so
# that every library, test and the binary agree (ASan needs all objects and
# the link instrumented alike).
if(DEPECHE_SANITIZE)
  # Recovery off: a UBSan report fails the test that triggered it instead of
  # scrolling past in a log nobody reads.
  # _GLIBCXX_ASSERTIONS adds bounds checks to operator[] of strings and
  # vectors, which ASan cannot see when the index stays inside capacity.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -D_GLIBCXX_ASSERTIONS)
  add_link_options(-fsanitize=address,undefined)
endif()
if(DEPECHE_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DEPECHE_BUILD_FUZZ needs clang (libFuzzer): CXX=clang++-14")
  endif()
  # Libraries get coverage hooks without libFuzzer's main; the targets under
  # fuzz/ add -fsanitize=fuzzer themselves.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -D_GLIBCXX_ASSERTIONS)
  add_link_options(-fsanitize=address,undefined)
endif()
