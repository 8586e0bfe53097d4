/* Decoding the byte format Swift encodes values in. */
#include "shim_internal.h"

/*
 * Format (little-endian): 'n' nil | 't' true | 'f' false | 'i' int64 | 'd' double |
 * 's' u32 length, bytes | 'T'/'M' u32 array count, u32 pair count, array values, then key/value
 * pairs ('T' is read-only, 'M' mutable) | 'L' u32 selector, u32 length, key: the value of
 * lookups[selector][key], materialised lazily, or lookups[selector] itself for an empty key |
 * 'k' u16 slot, u32 length, bytes: a field name, taken from slot `slot` of the key cache when
 * it holds the same string, else pushed and stored there | 'P' i64 start, i64 end: the read-only
 * port range {start=, end=}, one shared table per distinct range.
 */

/*
 * Most strings of a view are its field names. Pushing one with lua_pushlstring hashes it and
 * probes the interpreter's string table, which at region scale holds millions of strings and
 * misses the cache on every probe; the key cache finds the interned string by slot instead.
 * The bytes travel with the slot, so a slot that is empty (or, by a bug, holds another name)
 * costs a push, never a wrong key.
 */
static const char key_cache_key = 0;

void nd_create_key_cache(lua_State *L) {
    lua_createtable(L, 256, 1);
    lua_newtable(L);
    lua_rawseti(L, -2, 0); /* the port ranges */
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_cache_key);
}

int nd_push_key_cache(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_cache_key);
    return lua_gettop(L);
}

/*
 * Every security group rule and ACL entry has a port range, and a region holds few distinct
 * ones (22/22, 80/80, -1/-1, ...). Views are read-only, so one table per distinct range serves
 * them all: two tables per rule fewer to build and to keep. They are cached in slot 0 of the
 * key cache.
 */
static void push_port_range(lua_State *L, reader *r, long long start, long long end) {
    int cacheable = start >= -1 && start <= 0xffff && end >= -1 && end <= 0xffff;
    lua_Integer key = (lua_Integer)((start + 1) << 17 | (end + 1));
    if (cacheable) {
        lua_rawgeti(L, r->keys, 0);
        if (lua_rawgeti(L, -1, key) == LUA_TTABLE) { lua_remove(L, -2); return; }
        lua_pop(L, 1);
    }
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, (lua_Integer)start);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)end);
    lua_setfield(L, -2, "end");
    nd_make_readonly_with(L, r->readonly_mt);
    if (cacheable) {
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, key);
        lua_remove(L, -2);
    }
}

static void need(lua_State *L, reader *r, size_t n) {
    if ((size_t)(r->end - r->p) < n) luaL_error(L, "netdiag: truncated encoded value");
}

static unsigned int read_u16(lua_State *L, reader *r) {
    need(L, r, 2);
    unsigned int v = (unsigned)r->p[0] | (unsigned)r->p[1] << 8;
    r->p += 2;
    return v;
}

static unsigned int read_u32(lua_State *L, reader *r) {
    need(L, r, 4);
    unsigned int v = (unsigned)r->p[0] | (unsigned)r->p[1] << 8 | (unsigned)r->p[2] << 16 | (unsigned)r->p[3] << 24;
    r->p += 4;
    return v;
}

void nd_decode_value(lua_State *L, reader *r, int depth) {
    if (depth > 64) luaL_error(L, "netdiag: encoded value nested too deeply");
    luaL_checkstack(L, 4, "netdiag: decoding");
    need(L, r, 1);
    unsigned char tag = *r->p++;
    switch (tag) {
    case 'n': lua_pushnil(L); break;
    case 't': lua_pushboolean(L, 1); break;
    case 'f': lua_pushboolean(L, 0); break;
    case 'i': {
        long long v;
        need(L, r, 8); memcpy(&v, r->p, 8); r->p += 8;
        lua_pushinteger(L, (lua_Integer)v);
        break;
    }
    case 'd': {
        double v;
        need(L, r, 8); memcpy(&v, r->p, 8); r->p += 8;
        lua_pushnumber(L, v);
        break;
    }
    case 's': {
        unsigned int n = read_u32(L, r);
        need(L, r, n);
        lua_pushlstring(L, (const char *)r->p, n);
        r->p += n;
        break;
    }
    case 'P': {
        long long start, end;
        need(L, r, 16); memcpy(&start, r->p, 8); memcpy(&end, r->p + 8, 8); r->p += 16;
        push_port_range(L, r, start, end);
        break;
    }
    case 'k': {
        unsigned int slot = read_u16(L, r), n = read_u32(L, r);
        need(L, r, n);
        size_t len = 0;
        const char *cached = lua_rawgeti(L, r->keys, (lua_Integer)slot) == LUA_TSTRING
            ? lua_tolstring(L, -1, &len) : NULL;
        if (cached == NULL || len != n || memcmp(cached, r->p, n) != 0) {
            lua_pop(L, 1);
            lua_pushlstring(L, (const char *)r->p, n);
            lua_pushvalue(L, -1);
            lua_rawseti(L, r->keys, (lua_Integer)slot);
        }
        r->p += n;
        break;
    }
    case 'T':
    case 'M': {
        unsigned int narr = read_u32(L, r), nrec = read_u32(L, r);
        lua_createtable(L, (int)narr, (int)nrec);
        for (unsigned int i = 1; i <= narr; i++) {
            nd_decode_value(L, r, depth + 1);
            lua_rawseti(L, -2, (lua_Integer)i);
        }
        for (unsigned int i = 0; i < nrec; i++) {
            nd_decode_value(L, r, depth + 1);
            nd_decode_value(L, r, depth + 1);
            if (lua_isnil(L, -2)) luaL_error(L, "netdiag: nil key in encoded table");
            lua_rawset(L, -3);
        }
        if (tag == 'T') nd_make_readonly_with(L, r->readonly_mt);
        break;
    }
    case 'L': {
        unsigned int selector = read_u32(L, r), n = read_u32(L, r);
        need(L, r, n);
        if (r->lookups == 0 || lua_rawgeti(L, r->lookups, (lua_Integer)selector) == LUA_TNIL)
            luaL_error(L, "netdiag: no lookup collection %d", (int)selector);
        if (n == 0) break; /* the collection itself */
        lua_pushlstring(L, (const char *)r->p, n);
        r->p += n;
        lua_gettable(L, -2);
        lua_remove(L, -2);
        break;
    }
    default:
        luaL_error(L, "netdiag: bad tag %d in encoded value", (int)tag);
    }
}

static int decode_entry(lua_State *L) {
    reader *r = (reader *)lua_touserdata(L, 1);
    r->lookups = lua_istable(L, 2) ? 2 : 0;
    r->keys = nd_push_key_cache(L);
    r->readonly_mt = nd_push_readonly_metatable(L);
    nd_decode_value(L, r, 0);
    if (r->p != r->end) luaL_error(L, "netdiag: trailing bytes in encoded value");
    return 1;
}

int nd_push_encoded(lua_State *L, const unsigned char *bytes, size_t length, int lookups) {
    reader r = { bytes, bytes + length, 0, 0, 0 };
    if (lookups) lookups = lua_absindex(L, lookups);
    lua_pushcfunction(L, decode_entry);
    lua_pushlightuserdata(L, &r);
    if (lookups) lua_pushvalue(L, lookups); else lua_pushnil(L);
    return lua_pcall(L, 2, 1, 0);
}
