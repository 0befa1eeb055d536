# ClickOS plugin SDK: builds a plugin's native elements into an element package, the shared
# library that configurations load with `require(package NAME)`.
#
#   cmake_minimum_required(VERSION 3.20)
#   project(my_plugin LANGUAGES CXX)
#   include(/path/to/clickos/native/sdk/ClickOSPlugin.cmake)
#   clickos_add_element_package(my_elements API_VERSION 1 VERSION 1.0.0 SOURCES elements/mark.cc)
#
# The package is built against the engine's element API headers (native/engine/include and
# native/platform/include next to this file, or CLICKOS_SDK_INCLUDE_DIRS). Engine symbols stay
# undefined: they are resolved, when the package is loaded, from the engine that loads it
# (clickos-instance, clickos-run). API_VERSION is the element API the sources were written
# for; if the headers provide another one, configuration stops with an error naming both.
include_guard(GLOBAL)

get_filename_component(_clickos_sdk_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
if(NOT CLICKOS_SDK_INCLUDE_DIRS)
  set(CLICKOS_SDK_INCLUDE_DIRS "${_clickos_sdk_root}/engine/include" "${_clickos_sdk_root}/engine"
      "${_clickos_sdk_root}/platform/include")
endif()

# The element API version the headers provide (CLICKOS_ELEMENT_API_VERSION in element.hh).
function(clickos_element_api_version out_var)
  foreach(dir IN LISTS CLICKOS_SDK_INCLUDE_DIRS)
    if(EXISTS "${dir}/clickos/element.hh")
      file(STRINGS "${dir}/clickos/element.hh" line REGEX "^#define CLICKOS_ELEMENT_API_VERSION [0-9]+")
      string(REGEX REPLACE "^#define CLICKOS_ELEMENT_API_VERSION ([0-9]+).*" "\\1" version "${line}")
      set(${out_var} "${version}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "ClickOS SDK: clickos/element.hh not found in ${CLICKOS_SDK_INCLUDE_DIRS}")
endfunction()

# clickos_add_element_package(NAME [API_VERSION N] [VERSION X.Y.Z] [OUTPUT_DIRECTORY DIR]
#                             SOURCES file.cc...)
# Builds NAME.so (no "lib" prefix) into OUTPUT_DIRECTORY (default: CLICKOS_PACKAGE_OUTPUT_DIR
# or the build directory). The sources register their classes with CLICKOS_ELEMENT_PACKAGE.
function(clickos_add_element_package name)
  cmake_parse_arguments(PKG "" "API_VERSION;VERSION;OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "ClickOS SDK: package name '${name}' must be letters, digits and '_'")
  endif()
  if(NOT PKG_SOURCES)
    message(FATAL_ERROR "ClickOS SDK: package ${name} has no SOURCES")
  endif()
  clickos_element_api_version(headers_api)
  if(PKG_API_VERSION AND NOT PKG_API_VERSION STREQUAL headers_api)
    message(FATAL_ERROR
      "ClickOS SDK: package ${name} is written for element API ${PKG_API_VERSION}, but the engine "
      "headers provide element API ${headers_api}: port the package or use a matching engine")
  endif()
  if(NOT PKG_OUTPUT_DIRECTORY)
    if(CLICKOS_PACKAGE_OUTPUT_DIR)
      set(PKG_OUTPUT_DIRECTORY "${CLICKOS_PACKAGE_OUTPUT_DIR}")
    else()
      set(PKG_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
    endif()
  endif()
  add_library(${name} MODULE ${PKG_SOURCES})
  target_include_directories(${name} PRIVATE ${CLICKOS_SDK_INCLUDE_DIRS})
  target_compile_features(${name} PRIVATE cxx_std_20)
  target_compile_options(${name} PRIVATE -Wall -Wextra -fPIC)
  if(PKG_VERSION)
    target_compile_definitions(${name} PRIVATE CLICKOS_PACKAGE_VERSION="${PKG_VERSION}")
  endif()
  target_compile_definitions(${name} PRIVATE CLICKOS_PACKAGE_NAME="${name}")
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_EXTENSIONS OFF
    LIBRARY_OUTPUT_DIRECTORY "${PKG_OUTPUT_DIRECTORY}")
endfunction()
