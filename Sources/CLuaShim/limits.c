/* The wall-clock deadline of a rule call, and the library functions the sandbox replaces so
 * that no call runs unbounded in C or outlives a limit it hit. */
#include "shim_internal.h"

#include <time.h>

long long nd_now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

void nd_set_time_limit(lua_State *L, long long nanoseconds) {
    nd_sandbox *s = nd_sandbox_of(L);
    s->time_limit = nanoseconds;
    s->deadline = nanoseconds > 0 ? nd_now_ns() + nanoseconds : 0;
}

void nd_check_deadline(lua_State *L) {
    nd_sandbox *s = nd_sandbox_of(L);
    if (s->deadline == 0 || nd_now_ns() < s->deadline) return;
    s->limit_hit = ND_LIMIT_TIME;
    luaL_error(L, "time limit of %d ms exceeded", (int)(s->time_limit / 1000000));
}

#define MAXSIZE (sizeof(size_t) < sizeof(int) ? (size_t)~(size_t)0 : (size_t)INT_MAX)

/* string.rep, with Lua's checks, plus: an empty result costs nothing however large `n` is
 * (Lua's own loops n times), and long copies check the deadline. */
static int bounded_rep(lua_State *L) {
    size_t l, lsep;
    const char *s = luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *sep = luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    if (l + lsep < l || l + lsep > MAXSIZE / (size_t)n)
        return luaL_error(L, "resulting string too large");
    size_t total = (size_t)n * l + (size_t)(n - 1) * lsep, since_check = 0;
    luaL_Buffer b;
    char *p = luaL_buffinitsize(L, &b, total);
    while (n-- > 1) {
        memcpy(p, s, l);
        p += l;
        if (lsep > 0) { memcpy(p, sep, lsep); p += lsep; }
        since_check += l + lsep;
        if (since_check >= ND_SCAN_TICK_BYTES) { since_check = 0; nd_check_deadline(L); }
    }
    memcpy(p, s, l);
    luaL_pushresultsize(&b, total);
    return 1;
}

/* Whether the error that ended a protected call was a sandbox limit: then it must go on
 * unwinding, or `pcall(f)` in a loop would let a rule outlive its budget or deadline. */
static int limit_was_hit(lua_State *L) { return nd_sandbox_of(L)->limit_hit != 0; }

static int sandbox_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    if (status != LUA_OK && limit_was_hit(L)) return lua_error(L);
if (status != LUA_OK) nd_copy_for_rule(L, -1); /* the error object may be a library's table */
    lua_pushboolean(L, status == LUA_OK);
    lua_insert(L, 1);
    return lua_gettop(L);
}

static int sandbox_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
nd_wrap_callback(L, 2); /* the handler gets a copy of the error object */
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 1); /* f, handler, f, args… */
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
    if (status != LUA_OK && limit_was_hit(L)) return lua_error(L);
    lua_pushboolean(L, status == LUA_OK);
    lua_replace(L, 1); /* true/false, handler, results… */
    lua_remove(L, 2);
    return lua_gettop(L);
}

/* setmetatable without __gc: a finalizer runs whenever the collector gets to it, inside another
 * rule's call (on its budget and deadline) or between calls, where no limit applies at all. */
static int sandbox_setmetatable(lua_State *L) {
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    if (t == LUA_TTABLE && (lua_pushliteral(L, "__gc"), lua_rawget(L, 2)) != LUA_TNIL)
        return luaL_error(L, "__gc metamethods are not available to rules (a finalizer would run outside the rule's call)");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

static const luaL_Reg string_replacements[] = {
    { "find", nd_str_find }, { "match", nd_str_match }, { "gmatch", nd_str_gmatch },
    { "gsub", nd_str_gsub }, { "rep", bounded_rep }, { NULL, NULL }
};
static const luaL_Reg table_replacements[] = {
    { "insert", nd_tab_insert }, { "remove", nd_tab_remove }, { "move", nd_tab_move },
    { "concat", nd_tab_concat }, { "sort", nd_tab_sort }, { NULL, NULL }
};
static const luaL_Reg base_replacements[] = {
    { "pcall", sandbox_pcall }, { "xpcall", sandbox_xpcall }, { "setmetatable", sandbox_setmetatable },
    { NULL, NULL }
};

static void replace(lua_State *L, const char *library, const luaL_Reg *functions) {
    lua_getglobal(L, library);
    luaL_setfuncs(L, functions, 0);
    lua_pop(L, 1);
}

void nd_install_bounded_functions(lua_State *L) {
    replace(L, LUA_STRLIBNAME, string_replacements);
    replace(L, LUA_TABLIBNAME, table_replacements);
    lua_pushglobaltable(L);
    luaL_setfuncs(L, base_replacements, 0);
    lua_pop(L, 1);
    /* A verdict must not depend on chance, and the generator's state would be shared by rules. */
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "random");
    lua_pushnil(L);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);
}
