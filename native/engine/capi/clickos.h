/* C ABI of the ClickOS engine, loaded by @clickos/core through koffi.
 * Every function returning char* returns a malloc'd UTF-8 JSON document that the caller
 * releases with clickos_free(). No function throws or aborts on bad input. */
#ifndef CLICKOS_H
#define CLICKOS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a function's signature or JSON shape changes incompatibly. */
#define CLICKOS_ABI_VERSION 1

#define CLICKOS_API __attribute__((visibility("default")))

CLICKOS_API int clickos_abi_version(void);
CLICKOS_API const char* clickos_version(void);

/* source: `length` bytes (may contain NUL bytes, which the lexer reports).
 * definitions: `count` strings "NAME=value" (Click's command-line definitions). */

/* {"ok", "diagnostics": [...], "graph": {"elements", "connections", "requirements"}} */
CLICKOS_API char* clickos_lang_parse(const char* source, size_t length, const char* filename,
                                     const char* const* definitions, int count);

/* {"ok", "diagnostics": [...], "text": "flattened configuration"} */
CLICKOS_API char* clickos_lang_flatten(const char* source, size_t length, const char* filename,
                                       const char* const* definitions, int count);

/* {"ok", "diagnostics": [...]}; syntax_only != 0 skips the class-dependent checks. */
CLICKOS_API char* clickos_lang_check(const char* source, size_t length, const char* filename,
                                     const char* const* definitions, int count, int syntax_only);

/* {"classes": [...]} : the element classes this engine provides. */
CLICKOS_API char* clickos_element_classes(void);

CLICKOS_API void clickos_free(char* json);

#ifdef __cplusplus
}
#endif

#endif
