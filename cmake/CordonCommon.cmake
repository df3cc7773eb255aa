# One INTERFACE target carries the language standard, warnings and Qt strictness macros,
# so every Cordon target is compiled the same way.
add_library(cordon_common INTERFACE)
target_compile_features(cordon_common INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)

target_compile_options(cordon_common INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2)
if(CORDON_WARNINGS_AS_ERRORS)
    target_compile_options(cordon_common INTERFACE -Werror)
endif()

target_compile_definitions(cordon_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)
