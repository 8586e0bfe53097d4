/* Swift callbacks: the only way Lua reaches Swift, raising errors on its behalf. */
#include "shim_internal.h"

static int run_callback(lua_State *L, int selector, int arg) {
    nd_callback cb = (nd_callback)lua_touserdata(L, lua_upvalueindex(1));
    void *context = lua_touserdata(L, lua_upvalueindex(2));
    size_t len = 0;
    const char *s = luaL_tolstring(L, arg, &len);
    nd_buffer *out = &nd_sandbox_of(L)->scratch;
    out->length = 0;
    int status = cb(context, selector, s, len, out);
    lua_pop(L, 1);
    if (status == ND_CALLBACK_ERROR) {
        lua_pushlstring(L, (const char *)out->data, out->length);
        return lua_error(L);
    }
    if (status == ND_CALLBACK_NONE) {
        lua_pushnil(L);
        return 1;
    }
    /* lazy objects hold ids, not references: no lookups */
    reader r = { out->data, out->data + out->length, 0, nd_push_key_cache(L), 0 };
    r.readonly_mt = nd_push_readonly_metatable(L);
    nd_decode_value(L, &r, 0);
    lua_rotate(L, r.keys, 1); /* the value below the two tables, which are then popped */
    lua_pop(L, 2);
    return 1;
}

static int callback_trampoline(lua_State *L) {
    int selector = (int)lua_tointeger(L, lua_upvalueindex(3));
    /* A log(...) style call: join every argument with tabs, as print does. */
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
        if (i < n) luaL_addchar(&b, '\t');
    }
    luaL_pushresult(&b);
    return run_callback(L, selector, lua_gettop(L));
}

static int push_callback_entry(lua_State *L) {
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_pushnil(L);
    lua_pushcclosure(L, callback_trampoline, 4);
    return 1;
}

int nd_push_callback(lua_State *L, nd_callback callback, void *context, int selector) {
    lua_pushcfunction(L, push_callback_entry);
    lua_pushlightuserdata(L, (void *)callback);
    lua_pushlightuserdata(L, context);
    lua_pushinteger(L, selector);
    return lua_pcall(L, 3, 1, 0);
}

/* __index(proxy, key) of a lazy collection; upvalue 4 is the cache. */
static int lazy_index(lua_State *L) {
    if (lua_type(L, 2) != LUA_TSTRING) return 0;
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(4)) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    int selector = (int)lua_tointeger(L, lua_upvalueindex(3));
    run_callback(L, selector, 2);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, lua_upvalueindex(4));
    return 1;
}

static int push_lazy_entry(lua_State *L) {
    lua_createtable(L, 0, 0);              /* proxy */
    lua_createtable(L, 0, 3);              /* metatable */
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_createtable(L, 0, 0);              /* cache */
    lua_pushcclosure(L, lazy_index, 4);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, nd_ro_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, ND_READONLY_TAG);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    return 1;
}

int nd_push_lazy_collection(lua_State *L, nd_callback callback, void *context, int selector) {
    lua_pushcfunction(L, push_lazy_entry);
    lua_pushlightuserdata(L, (void *)callback);
    lua_pushlightuserdata(L, context);
    lua_pushinteger(L, selector);
    return lua_pcall(L, 3, 1, 0);
}
