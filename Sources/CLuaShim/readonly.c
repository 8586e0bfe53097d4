/* Read-only proxies of Lua tables. */
#include "shim_internal.h"

/*
 * A read-only table is an empty proxy that holds its backing table under a light userdata key
 * (which Lua code cannot make) and shares one metatable with every other proxy: one small
 * table per object instead of a proxy plus a metatable of its own (frozen library tables,
 * isolation.c, use the same key with a metatable each). `next` is guarded in rule
 * environments (nd_safe_next) so the backing table cannot be reached by a raw traversal.
 */
const char nd_backing_key = 0;
#define ND_RO_METATABLE "netdiag.readonly"

int nd_ro_newindex(lua_State *L) {
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    return luaL_error(L, "attempt to modify read-only field '%s'", key);
}

static void push_backing(lua_State *L, int proxy) {
    lua_rawgetp(L, proxy, &nd_backing_key);
}

static int ro_index(lua_State *L) {
    push_backing(L, 1);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    return 1;
}

static int ro_len(lua_State *L) {
    push_backing(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int ro_next(lua_State *L) {
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    if (lua_next(L, lua_upvalueindex(1))) return 2;
    lua_pushnil(L);
    return 1;
}

/* The iterator closes over the backing table, so pairs() never hands it out. */
static int ro_pairs(lua_State *L) {
    push_backing(L, 1);
    lua_pushcclosure(L, ro_next, 1);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

/* True when the value at `index` is a read-only proxy or a frozen table: both hold their
 * contents under the light-userdata key, which no Lua code can make. */
int nd_is_readonly(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TTABLE) return 0;
    int backed = lua_rawgetp(L, index, &nd_backing_key) == LUA_TTABLE;
    lua_pop(L, 1);
    return backed;
}

void nd_push_contents(lua_State *L, int index) {
    index = lua_absindex(L, index);
    if (nd_is_readonly(L, index)) push_backing(L, index);
    else lua_pushvalue(L, index);
}

/* next(t, k) for rules: refuses read-only tables, whose contents pairs() iterates. */
int nd_safe_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    if (nd_is_readonly(L, 1)) return luaL_error(L, "next cannot walk a read-only table: use pairs");
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

/* The metamethods every read-only table shares, set on the metatable on top of the stack:
 * writes raise, length and pairs read the backing table, the metatable stays hidden. */
void nd_set_readonly_metamethods(lua_State *L) {
    lua_pushcfunction(L, nd_ro_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, ro_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, ro_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, ND_READONLY_TAG);
    lua_setfield(L, -2, "__metatable");
}

void nd_create_readonly_metatable(lua_State *L) {
    luaL_newmetatable(L, ND_RO_METATABLE);
    lua_pushcfunction(L, ro_index);
    lua_setfield(L, -2, "__index");
    nd_set_readonly_metamethods(L);
    lua_pop(L, 1);
}

/* Replaces the table on top with a proxy that reads through to it and refuses writes. */
void nd_make_readonly(lua_State *L) {
    luaL_getmetatable(L, ND_RO_METATABLE);
    lua_insert(L, -2); /* below the table, which must stay on top */
    int metatable = lua_gettop(L) - 1;
    nd_make_readonly_with(L, metatable);
    lua_remove(L, metatable);
}

int nd_push_readonly_metatable(lua_State *L) {
    luaL_getmetatable(L, ND_RO_METATABLE);
    return lua_gettop(L);
}

/* nd_make_readonly with the shared metatable already at stack index `metatable` (absolute,
 * below the table on top), for the decoder, which makes thousands of proxies per view. */
void nd_make_readonly_with(lua_State *L, int metatable) {
    lua_createtable(L, 0, 1);          /* proxy */
    lua_insert(L, -2);
    lua_rawsetp(L, -2, &nd_backing_key);
    lua_pushvalue(L, metatable);
    lua_setmetatable(L, -2);
}
