/* Functions for the Lua macros Swift cannot call. */
#include "shim_internal.h"

void nd_pop(lua_State *L, int n) { lua_pop(L, n); }
const char *nd_tostring(lua_State *L, int index, size_t *length) { return lua_tolstring(L, index, length); }
int nd_registry_index(void) { return LUA_REGISTRYINDEX; }
int nd_upvalue_index(int i) { return lua_upvalueindex(i); }
int nd_is_integer(lua_State *L, int index) { return lua_isinteger(L, index); }
