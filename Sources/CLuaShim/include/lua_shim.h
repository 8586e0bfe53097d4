#ifndef NETDIAG_LUA_SHIM_H
#define NETDIAG_LUA_SHIM_H

#include <stddef.h>
#include <stdint.h>

typedef struct lua_State lua_State;

/// A growable byte buffer that Swift fills and C decodes into Lua values.
typedef struct nd_buffer {
    unsigned char *data;
    size_t length;
    size_t capacity;
} nd_buffer;

/// Appends bytes to a buffer; returns 0, or -1 when out of memory.
int nd_buffer_append(nd_buffer *buffer, const void *bytes, size_t count);

/// A Swift callback. It never touches the Lua state: it gets the selector and string argument
/// the closure was called with, writes an encoded value (see nd_push_encoded) or an error
/// message into `out`, and returns ND_CALLBACK_VALUE, ND_CALLBACK_NONE or ND_CALLBACK_ERROR.
/// The shim, not Swift, pushes the value or raises the Lua error.
typedef int (*nd_callback)(void *context, int selector, const char *arg, size_t arglen, nd_buffer *out);
enum { ND_CALLBACK_ERROR = -1, ND_CALLBACK_NONE = 0, ND_CALLBACK_VALUE = 1 };

/// A Lua state with a counting allocator capped at `memory_limit` bytes (0: no cap)
/// and the sandboxed standard libraries opened. NULL when out of memory.
lua_State *nd_open(size_t memory_limit);
void nd_close(lua_State *L);
size_t nd_memory_used(lua_State *L);
size_t nd_memory_peak(lua_State *L);
void nd_set_memory_limit(lua_State *L, size_t limit);

/// Returns the C heap's free pages to the operating system (glibc's malloc_trim). The
/// interpreter's own blocks come from a separate pool, which cannot reuse memory that loading
/// an inventory freed to the C heap; without this, that memory would stay resident beside it.
void nd_trim_heap(void);

/// Sets the instruction budget for the next calls (0: unlimited).
void nd_set_instruction_budget(lua_State *L, long long budget);
/// Starts the wall-clock limit for the next call: it must end within `nanoseconds` from now
/// (0: no limit). Checked by the instruction hook and inside every long-running C function.
void nd_set_time_limit(lua_State *L, long long nanoseconds);
/// Which limit stopped the last call: 0 none, ND_LIMIT_INSTRUCTIONS, ND_LIMIT_MEMORY or
/// ND_LIMIT_TIME. Reset by nd_set_instruction_budget. A limit, once hit, cannot be caught:
/// pcall and xpcall pass its error on.
int nd_limit_hit(lua_State *L);
enum { ND_LIMIT_INSTRUCTIONS = 1, ND_LIMIT_MEMORY = 2, ND_LIMIT_TIME = 3 };

/// Loads `source` as a text chunk (mode "t") named `chunkname`; on success the function is
/// on the stack, else the error message. Returns a LUA_* status.
int nd_load_text(lua_State *L, const char *source, size_t length, const char *chunkname);
/// lua_pcall with a traceback message handler. The error (with traceback) is left on the stack.
int nd_pcall(lua_State *L, int nargs, int nresults);

/// Pushes a C closure `f(arg)` that calls `callback(context, selector, tostring(arg), …)`.
/// Raises the Lua error when the callback reports one. Protected: returns a LUA_* status.
int nd_push_callback(lua_State *L, nd_callback callback, void *context, int selector);

/// Pushes a read-only lookup table whose missing keys are materialised once through
/// `callback(context, selector, key)` and cached. Protected: returns a LUA_* status.
int nd_push_lazy_collection(lua_State *L, nd_callback callback, void *context, int selector);

/// Decodes an encoded value (format in encoded.c) and pushes it. `lookups` is the stack index
/// of a table of lazy collections by selector, used by references. Protected: returns a LUA_*
/// status; on error the message is pushed instead.
int nd_push_encoded(lua_State *L, const unsigned char *bytes, size_t length, int lookups);

/// Pushes a new environment table for one rule: safe globals, read-only libraries, a `load`
/// bound to this environment, and an assignment tracker that records each global's line.
/// Protected: returns a LUA_* status.
int nd_push_rule_env(lua_State *L);
/// Removes the line tracker from the environment at `index`, leaving a plain table, and pushes
/// the table of `name → line` it recorded. Protected: returns a LUA_* status.
int nd_finish_rule_env(lua_State *L, int index);
/// Sets `t[key] = v` for the table at `table` and the value on top (popped), without
/// metamethods. Protected: returns a LUA_* status.
int nd_rawset_field(lua_State *L, int table, const char *key);

/// Replaces the table on top of the stack with a read-only proxy. Protected: returns a LUA_* status.
int nd_readonly(lua_State *L);

/// Pushes what the host reads of the value at `index`: the contents of a read-only proxy or a
/// frozen table (whose own fields are empty), or else the value itself. Never raises.
void nd_push_contents(lua_State *L, int index);

/// Freezes the table at `index` in place, with every table nested in it: reads still work,
/// writes raise. Protected: returns a LUA_* status; fails for a table with a metatable of its own.
int nd_freeze(lua_State *L, int index);
/// Pushes the rule face of the frozen library table at `index`: the same values, frozen, with
/// every function a boundary that copies what it returns to the rule (see isolation.c).
/// Protected: returns a LUA_* status.
int nd_push_rule_face(lua_State *L, int index);

/* Macro wrappers. */
void nd_pop(lua_State *L, int n);
const char *nd_tostring(lua_State *L, int index, size_t *length);
int nd_registry_index(void);
int nd_upvalue_index(int i);
int nd_is_integer(lua_State *L, int index);

#endif
