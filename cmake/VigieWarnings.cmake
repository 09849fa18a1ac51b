# Warnings for our own targets only (generated ANTLR code is compiled with -w).
function(vigie_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
  if(VIGIE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
