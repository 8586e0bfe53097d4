/*
 * What keeps one rule from changing what another sees through the helper libraries they share.
 *
 * Freezing: a library's table, every table nested in it, and the library's environment are
 * frozen in place when the library has loaded. A frozen table keeps its identity (the library's
 * own upvalues see the same object) but is emptied: its contents move to a backing table held
 * under a light-userdata key, and a metatable of its own reads through to them (`__index` is the
 * backing table itself, so a read costs no C call) and refuses writes.
 *
 * Two faces: library code (the prelude, files under lib/) sees the frozen tables themselves and
 * calls their functions directly. Rules see a rule face of each: frozen too, with the same
 * values, but every function wrapped as a boundary and every nested table by its own rule face.
 * A boundary copies every table the helper returns (read-only tables are shared, library tables
 * replaced by their rule faces), so a value a helper memoizes never reaches a rule; it wraps the
 * caller's function arguments as callbacks, which copy the tables the library hands them; and
 * the sandbox's pcall and xpcall copy an error object (a library could raise a cached table).
 */
#include "shim_internal.h"

#define ND_COPY_DEPTH 64

static int boundary_call(lua_State *L);
static int callback_call(lua_State *L);

/* Registry key of the map from frozen library tables to their rule faces. */
static const char faces_key = 0;

/* Replaces the Lua function at `index` by a closure of `wrapper` around it. */
static void wrap_function(lua_State *L, int index, lua_CFunction wrapper) {
    index = lua_absindex(L, index);
    if (lua_type(L, index) != LUA_TFUNCTION || lua_iscfunction(L, index)) return;
    lua_pushvalue(L, index);
    lua_pushcclosure(L, wrapper, 1);
    lua_replace(L, index);
}

static void set_frozen_metatable(lua_State *L, int t, int backing) {
    lua_createtable(L, 0, 5);
    lua_pushvalue(L, backing);
    lua_setfield(L, -2, "__index");
    nd_set_readonly_metamethods(L);
    lua_setmetatable(L, t);
}

static void freeze_value(lua_State *L, int index, int depth);

static void freeze_table(lua_State *L, int t, int depth) {
    if (nd_is_readonly(L, t)) return;
    if (depth > ND_COPY_DEPTH) luaL_error(L, "a library table is nested more than %d levels deep", ND_COPY_DEPTH);
    if (lua_getmetatable(L, t))
        luaL_error(L, "a library may expose plain tables only: one of its tables has a metatable");
    luaL_checkstack(L, 8, "freezing a library table");
    lua_createtable(L, (int)lua_rawlen(L, t), 0);
    int backing = lua_gettop(L);
    lua_pushvalue(L, backing);
    lua_rawsetp(L, t, &nd_backing_key); /* first, so that a cycle finds it frozen */
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) == LUA_TLIGHTUSERDATA) { lua_pop(L, 1); continue; }
        freeze_value(L, -2, depth + 1);
        freeze_value(L, -1, depth + 1);
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, backing);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, t); /* assigning nil to a field being traversed is allowed */
    }
    set_frozen_metatable(L, t, backing);
    lua_pop(L, 1);
}

static void freeze_value(lua_State *L, int index, int depth) {
    index = lua_absindex(L, index);
    if (lua_type(L, index) == LUA_TTABLE) freeze_table(L, index, depth);
}

static int freeze_entry(lua_State *L) {
    freeze_value(L, 1, 0);
    return 0;
}

int nd_freeze(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_pushcfunction(L, freeze_entry);
    lua_pushvalue(L, index);
    return lua_pcall(L, 1, 0, 0);
}

/* Whether the read-only table at `index` is a frozen table (whose metatable reads through a
 * backing table) rather than an inventory proxy (whose __index is a function). */
static int is_frozen(lua_State *L, int index) {
    if (!lua_getmetatable(L, index)) return 0;
    lua_pushliteral(L, "__index");
    int frozen = lua_rawget(L, -2) == LUA_TTABLE;
    lua_pop(L, 2);
    return frozen;
}

/* Replaces the value on top by its rule face: Lua functions by boundaries, frozen tables by
 * frozen copies of themselves made of rule faces (`faces`, a stack index, maps each table to its
 * face, so that each gets one and cycles end). */
static void face_value(lua_State *L, int faces, int depth) {
    int v = lua_gettop(L);
    if (lua_type(L, v) == LUA_TFUNCTION) {
        if (lua_tocfunction(L, v) != boundary_call) wrap_function(L, v, boundary_call);
        return;
    }
    if (!nd_is_readonly(L, v) || !is_frozen(L, v)) return;
    lua_pushvalue(L, v);
    if (lua_rawget(L, faces) != LUA_TNIL) { lua_replace(L, v); return; }
    lua_pop(L, 1);
    if (depth > ND_COPY_DEPTH) luaL_error(L, "a library table is nested more than %d levels deep", ND_COPY_DEPTH);
    luaL_checkstack(L, 8, "making a library's rule face");
    lua_rawgetp(L, v, &nd_backing_key);
    int contents = lua_gettop(L);
    lua_createtable(L, 0, 1);
    int face = lua_gettop(L);
    lua_createtable(L, (int)lua_rawlen(L, contents), 0);
    int backing = lua_gettop(L);
    lua_pushvalue(L, backing);
    lua_rawsetp(L, face, &nd_backing_key);
    lua_pushvalue(L, v);
    lua_pushvalue(L, face);
    lua_rawset(L, faces);
    lua_pushnil(L);
    while (lua_next(L, contents)) {
        lua_pushvalue(L, -2);
        face_value(L, faces, depth + 1);
        lua_pushvalue(L, -2);
        face_value(L, faces, depth + 1);
        lua_rawset(L, backing);
        lua_pop(L, 1);
    }
    set_frozen_metatable(L, face, backing);
    lua_pop(L, 1);
    lua_replace(L, contents);
    lua_replace(L, v);
}

static void push_faces(lua_State *L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &faces_key) == LUA_TTABLE) return;
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &faces_key);
}

static int rule_face_entry(lua_State *L) {
    push_faces(L);
    lua_pushvalue(L, 1);
    face_value(L, lua_gettop(L) - 1, 0);
    return 1;
}

int nd_push_rule_face(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_pushcfunction(L, rule_face_entry);
    lua_pushvalue(L, index);
    return lua_pcall(L, 1, 1, 0);
}

/* The copies being made at one boundary. Most results are one table with nothing to copy
 * inside, so the map of originals to copies (which keeps shared parts shared and ends cycles) is
 * made only when a nested table needs copying; the tables being copied then are entered first. */
typedef struct copying {
    int seen;                      /* stack slot of the map: nil until it is needed */
    int made;                      /* whether the map exists */
    int original[ND_COPY_DEPTH + 1], copy[ND_COPY_DEPTH + 1]; /* the tables being copied, by depth */
} copying;

static void need_map(lua_State *L, copying *c, int depth) {
    if (c->made) return;
    lua_createtable(L, 0, 8);
    for (int d = 0; d < depth; d++) {
        lua_pushvalue(L, c->original[d]);
        lua_pushvalue(L, c->copy[d]);
        lua_rawset(L, -3);
    }
    lua_replace(L, c->seen);
    c->made = 1;
}

/* Replaces the value on top by what a rule may hold of it: read-only tables and plain values as
 * they are, other tables by copies, Lua functions by boundary wrappers. */
static void copy_out(lua_State *L, copying *c, int depth) {
    int v = lua_gettop(L);
    if (lua_type(L, v) == LUA_TFUNCTION) {
        if (lua_tocfunction(L, v) != boundary_call && lua_tocfunction(L, v) != callback_call)
            wrap_function(L, v, boundary_call);
        return;
    }
    if (lua_type(L, v) != LUA_TTABLE) return;
    if (nd_is_readonly(L, v)) {
        /* Shared as it is, unless it is a library table: the rule gets its face. */
        if (lua_rawgetp(L, LUA_REGISTRYINDEX, &faces_key) == LUA_TTABLE) {
            lua_pushvalue(L, v);
            if (lua_rawget(L, -2) != LUA_TNIL) lua_replace(L, v); else lua_pop(L, 1);
        }
        lua_pop(L, 1);
        return;
    }
    if (depth > 0) {
        need_map(L, c, depth);
        lua_pushvalue(L, v);
        if (lua_rawget(L, c->seen) != LUA_TNIL) { lua_replace(L, v); return; }
        lua_pop(L, 1);
    }
    if (depth >= ND_COPY_DEPTH) luaL_error(L, "a helper's result is nested more than %d levels deep", ND_COPY_DEPTH);
    luaL_checkstack(L, 8, "copying a helper's result");
    /* Sized from a first pass, so that filling the copy never rehashes it. */
    int narray = (int)lua_rawlen(L, v), count = 0;
    lua_pushnil(L);
    while (lua_next(L, v)) { lua_pop(L, 1); count++; }
    lua_createtable(L, narray, count > narray ? count - narray : 0);
    int copy = lua_gettop(L);
    c->original[depth] = v;
    c->copy[depth] = copy;
    if (c->made) {
        lua_pushvalue(L, v);
        lua_pushvalue(L, copy);
        lua_rawset(L, c->seen);
    }
    lua_pushnil(L);
    while (lua_next(L, v)) {
        lua_pushvalue(L, -2);
        copy_out(L, c, depth + 1);
        lua_pushvalue(L, -2);
        copy_out(L, c, depth + 1);
        lua_rawset(L, copy);
        lua_pop(L, 1);
    }
    if (lua_getmetatable(L, v)) {
        /* A protected metatable cannot be reached from the copy; any other is copied too. */
        lua_pushliteral(L, "__metatable");
        int is_protected = lua_rawget(L, -2) != LUA_TNIL;
        lua_pop(L, 1);
        if (!is_protected) {
            copy_out(L, c, depth + 1);
            lua_pushliteral(L, "__gc");
            lua_pushnil(L);
            lua_rawset(L, -3);
        }
        lua_setmetatable(L, copy);
    }
    lua_replace(L, v);
}

/* Copies out the values at stack indices from..top. Separate results are copied separately. */
static void copy_out_range(lua_State *L, int from) {
    int top = lua_gettop(L);
    copying c;
    c.seen = 0;
    for (int i = from; i <= top; i++) {
        int type = lua_type(L, i);
        if (type == LUA_TFUNCTION) {
            if (lua_tocfunction(L, i) != boundary_call && lua_tocfunction(L, i) != callback_call)
                wrap_function(L, i, boundary_call);
            continue;
        }
        if (type != LUA_TTABLE) continue;
        if (c.seen == 0) { lua_pushnil(L); c.seen = lua_gettop(L); }
        c.made = 0;
        lua_pushvalue(L, i);
        copy_out(L, &c, 0);
        lua_replace(L, i);
    }
    lua_settop(L, top);
}

void nd_copy_for_rule(lua_State *L, int from) { copy_out_range(L, lua_absindex(L, from)); }

/* Whether the value at `index` can be called: a function, or a rule's table with __call. */
static int is_callable(lua_State *L, int index) {
    if (lua_type(L, index) == LUA_TFUNCTION) return 1;
    if (lua_type(L, index) != LUA_TTABLE || nd_is_readonly(L, index)) return 0;
    if (luaL_getmetafield(L, index, "__call") == LUA_TNIL) return 0;
    lua_pop(L, 1);
    return 1;
}

void nd_wrap_callback(lua_State *L, int index) {
    index = lua_absindex(L, index);
    if (!is_callable(L, index) || lua_tocfunction(L, index) == callback_call) return;
    lua_pushvalue(L, index);
    lua_pushcclosure(L, callback_call, 1);
    lua_replace(L, index);
}

static int boundary_call(lua_State *L) {
    int n = lua_gettop(L);
    /* Any function, C ones included: table.insert as a callback could still write. */
    for (int i = 1; i <= n; i++)
        if (lua_tocfunction(L, i) != boundary_call) nd_wrap_callback(L, i);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    copy_out_range(L, 1);
    return lua_gettop(L);
}

static int callback_call(lua_State *L) {
    int n = lua_gettop(L);
    copy_out_range(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}
