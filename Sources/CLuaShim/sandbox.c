/* The interpreter: opening it, the instruction budget, rule environments, protected calls. */
#include "shim_internal.h"

static void budget_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    nd_sandbox *s = nd_sandbox_of(L);
    nd_check_deadline(L);
    if (s->budget <= 0) return;
    s->budget_left -= ND_HOOK_STEP;
    if (s->budget_left <= 0) {
        s->limit_hit = ND_LIMIT_INSTRUCTIONS;
        luaL_error(L, "instruction budget of %I instructions exceeded", (lua_Integer)s->budget);
    }
}

/* Globals of the base library a rule may use; the rest (dofile, loadfile, load, next, require,
 * collectgarbage, print, rawset, warn) are left out or replaced. */
static const char *const safe_base[] = {
    "assert", "error", "getmetatable", "ipairs", "pairs", "pcall", "rawequal", "rawget",
    "rawlen", "select", "setmetatable", "tonumber", "tostring", "type", "xpcall", "_VERSION", NULL
};
static const char *const safe_libs[] = { "string", "table", "math", "utf8", NULL };

static int open_entry(lua_State *L) {
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_settop(L, 0);
    nd_install_bounded_functions(L);
    nd_create_readonly_metatable(L);
    nd_create_key_cache(L);
    /* string.dump would hand out bytecode; the shared string metatable must stay as it is. */
    lua_getglobal(L, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pop(L, 1);
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    /* Read-only views of the libraries, shared by every rule environment. */
    for (int i = 0; safe_libs[i]; i++) {
        lua_getglobal(L, safe_libs[i]);
        nd_make_readonly(L);
        lua_pushfstring(L, "netdiag.%s", safe_libs[i]);
        lua_insert(L, -2);
        lua_rawset(L, LUA_REGISTRYINDEX);
    }
    return 0;
}

lua_State *nd_open(size_t memory_limit) {
    nd_sandbox *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    nd_pool_open(&s->pool);
    lua_State *L = lua_newstate(nd_alloc, s);
    if (L == NULL) { nd_pool_close(&s->pool); free(s); return NULL; }
    lua_pushcfunction(L, open_entry);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) { nd_close(L); return NULL; }
    s->limit = memory_limit;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, ND_HOOK_STEP);
    /* Cached inventory views live as long as the engine: generational collection leaves them
     * alone in minor collections instead of re-marking them in every incremental cycle. */
    lua_gc(L, LUA_GCGEN, 0, 0);
    return L;
}

void nd_close(lua_State *L) {
    nd_sandbox *s = nd_sandbox_of(L);
    lua_close(L);
    nd_pool_close(&s->pool);
    free(s->scratch.data);
    free(s);
}

size_t nd_memory_used(lua_State *L) { return nd_sandbox_of(L)->used; }
size_t nd_memory_peak(lua_State *L) { return nd_sandbox_of(L)->peak; }
void nd_set_memory_limit(lua_State *L, size_t limit) { nd_sandbox_of(L)->limit = limit; }

void nd_set_instruction_budget(lua_State *L, long long budget) {
    nd_sandbox *s = nd_sandbox_of(L);
    s->budget = budget;
    s->budget_left = budget;
    s->limit_hit = 0;
}

int nd_limit_hit(lua_State *L) { return nd_sandbox_of(L)->limit_hit; }

int nd_load_text(lua_State *L, const char *source, size_t length, const char *chunkname) {
    return luaL_loadbufferx(L, source, length, chunkname, "t");
}

static int traceback_handler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int nd_pcall(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, traceback_handler);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    return status;
}

/* Hands a chunk to the parser a piece at a time, checking the deadline between pieces: the
 * parser itself never meets the instruction hook. */
typedef struct piece_reader {
    const char *next;
    size_t left;
} piece_reader;

static const char *read_piece(lua_State *L, void *data, size_t *size) {
    piece_reader *r = data;
    if (r->left == 0) { *size = 0; return NULL; }
    nd_check_deadline(L);
    *size = r->left < ND_SCAN_TICK_BYTES ? r->left : ND_SCAN_TICK_BYTES;
    const char *piece = r->next;
    r->next += *size;
    r->left -= *size;
    return piece;
}

/* load(chunk [, name [, mode [, env]]]) for rules: text only, and bound to the rule's own
 * environment (upvalue 1) unless an env is given. */
static int rule_load(lua_State *L) {
    size_t len;
    const char *chunk = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    int has_env = !lua_isnone(L, 4);
    piece_reader reader = { chunk, len };
    if (lua_load(L, read_piece, &reader, name, "t") != LUA_OK) {
        if (nd_limit_hit(L)) return lua_error(L);
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (has_env) lua_pushvalue(L, 4); else lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, -2, 1);
    return 1;
}

/* __newindex of an environment while its file loads: remembers the line of each global. */
static int track_global(lua_State *L) {
    lua_Debug ar;
    int line = 0;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar)) line = ar.currentline;
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "lines");
    lua_pushvalue(L, 2);
    lua_pushinteger(L, line);
    lua_rawset(L, -3);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 0;
}

static int rule_env_entry(lua_State *L) {
    lua_createtable(L, 0, 32);
    int env = lua_gettop(L);
    for (int i = 0; safe_base[i]; i++) {
        lua_getglobal(L, safe_base[i]);
        lua_setfield(L, env, safe_base[i]);
    }
    for (int i = 0; safe_libs[i]; i++) {
        lua_pushfstring(L, "netdiag.%s", safe_libs[i]);
        lua_rawget(L, LUA_REGISTRYINDEX);
        lua_setfield(L, env, safe_libs[i]);
    }
    lua_pushvalue(L, env);
    lua_pushcclosure(L, rule_load, 1);
    lua_setfield(L, env, "load");
    lua_pushcfunction(L, nd_safe_next);
    lua_setfield(L, env, "next");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    lua_createtable(L, 0, 2);
    lua_createtable(L, 0, 16);
    lua_setfield(L, -2, "lines");
    lua_pushcfunction(L, track_global);
    lua_setfield(L, -2, "__newindex");
    lua_setmetatable(L, env);
    return 1;
}

int nd_push_rule_env(lua_State *L) {
    lua_pushcfunction(L, rule_env_entry);
    return lua_pcall(L, 0, 1, 0);
}

static int finish_env_entry(lua_State *L) {
    if (!lua_getmetatable(L, 1)) { lua_newtable(L); return 1; }
    lua_getfield(L, -1, "lines");
    lua_pushnil(L);
    lua_setmetatable(L, 1);
    return 1;
}

int nd_finish_rule_env(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_pushcfunction(L, finish_env_entry);
    lua_pushvalue(L, index);
    return lua_pcall(L, 1, 1, 0);
}

static int rawset_entry(lua_State *L) {
    lua_pushstring(L, (const char *)lua_touserdata(L, 3));
    lua_pushvalue(L, 2);
    lua_rawset(L, 1);
    return 0;
}

int nd_rawset_field(lua_State *L, int table, const char *key) {
    table = lua_absindex(L, table);
    lua_pushcfunction(L, rawset_entry);
    lua_pushvalue(L, table);
    lua_pushvalue(L, -3);
    lua_pushlightuserdata(L, (void *)key);
    int status = lua_pcall(L, 3, 0, 0);
    lua_pop(L, 1);
    return status;
}

static int readonly_entry(lua_State *L) {
    nd_make_readonly(L);
    return 1;
}

int nd_readonly(lua_State *L) {
    lua_pushcfunction(L, readonly_entry);
    lua_insert(L, -2);
    return lua_pcall(L, 1, 1, 0);
}
