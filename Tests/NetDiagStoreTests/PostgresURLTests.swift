import Testing
@testable import NetDiagStore

struct PostgresURLTests {
    @Test("TCP and Unix-socket forms; defaults; the password never shown")
    func forms() throws {
        let tcp = try PostgresURL("postgres://team:s3cret@db.internal:6543/netdiag")
        #expect(tcp.host == "db.internal" && tcp.port == 6543 && tcp.user == "team" && tcp.password == "s3cret")
        #expect(tcp.database == "netdiag" && tcp.socketPath == nil && !tcp.requireTLS)
        #expect(tcp.display == "postgres://team@db.internal:6543/netdiag")
        let socket = try PostgresURL("postgresql:///ws?host=/run/postgresql&user=nd&sslmode=disable")
        #expect(socket.socketPath == "/run/postgresql/.s.PGSQL.5432" && socket.user == "nd" && socket.database == "ws")
        #expect(socket.display == "postgres://nd@/ws?host=/run/postgresql")
        #expect(try PostgresURL("postgres://u@h/d?sslmode=require").requireTLS)
        #expect(try PostgresURL("postgres://u@h").database == "u")
        #expect(PostgresURL.isPostgres("postgres://x") && !PostgresURL.isPostgres("/tmp/postgres.sqlite"))
    }

    @Test("bad URLs are named, without their password, with what was expected")
    func errors() {
        #expect(throws: StoreError.badURL(url: "postgres://u:***@h:70000/d", reason: "the port must be 1–65535, got '70000'")) {
            try PostgresURL("postgres://u:pw@h:70000/d")
        }
        #expect(throws: StoreError.badURL(url: "postgres://h/d?colour=red", reason: "unknown parameter 'colour'; known: dbname, host, password, port, sslmode, user")) {
            try PostgresURL("postgres://h/d?colour=red")
        }
        #expect(throws: StoreError.badURL(url: "postgres://h/d?sslmode=sometimes", reason: "sslmode must be disable or require, got 'sometimes'")) {
            try PostgresURL("postgres://h/d?sslmode=sometimes")
        }
    }
}
