import PostgresNIO

/// The store's schema in PostgreSQL: the same tables, columns and migration identifiers as the
/// SQLite schema (`StoreSchema`), recorded in the same `grdb_migrations` table, so both backends
/// upgrade in step. SQLite's implicit `rowid` (the order records were written in) is an explicit
/// identity column, `seq`, here.
enum PostgresSchema {
    static let migrations: [(identifier: String, statements: [PostgresQuery])] = [
        ("v1: settings, paths, tasks", [
            #"CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)"#,
            #"""
            CREATE TABLE path (
                seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                id TEXT PRIMARY KEY, name TEXT NOT NULL, "regionId" TEXT NOT NULL,
                "resourceGroupId" TEXT NOT NULL, "vpcId" TEXT NOT NULL, "sourceType" TEXT NOT NULL,
                source TEXT NOT NULL, "destinationType" TEXT NOT NULL, destination TEXT NOT NULL,
                protocol TEXT NOT NULL, port INTEGER NOT NULL, "createdAt" TIMESTAMPTZ NOT NULL)
            """#,
            #"CREATE INDEX "path_on_regionId" ON path("regionId")"#,
            #"""
            CREATE TABLE task (
                seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                id TEXT PRIMARY KEY,
                "pathId" TEXT NOT NULL REFERENCES path(id) ON DELETE CASCADE,
                "regionId" TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
                result TEXT, reason TEXT, "startedAt" TIMESTAMPTZ NOT NULL, "finishedAt" TIMESTAMPTZ,
                "ownerPid" INTEGER, "ownerStartTime" BIGINT, "ownerBootId" TEXT,
                "inventoryPath" TEXT NOT NULL, "inventoryHash" TEXT NOT NULL, "ruleSetHash" TEXT NOT NULL,
                "pathJSON" TEXT NOT NULL, "diagnosisJSON" TEXT)
            """#,
            #"CREATE INDEX "task_on_pathId" ON task("pathId")"#,
            #"CREATE INDEX "task_on_regionId" ON task("regionId")"#,
            #"CREATE INDEX "task_on_status" ON task(status)"#,
            // The database itself guarantees one running task per path, whatever the code does.
            #"CREATE UNIQUE INDEX task_one_running_per_path ON task("pathId") WHERE status = 'running'"#,
        ]),
    ]

    /// Applies the migrations not yet recorded, each once, under the write lock (two processes
    /// opening a new database at once do not both create it).
    static func migrate(_ session: PostgresSession) throws -> [String] {
        try session.write {
            try session.query("CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            var applied = try session.query("SELECT identifier FROM grdb_migrations").map { try $0.decode(String.self) }
            for migration in migrations where !applied.contains(migration.identifier) {
                for statement in migration.statements { try session.query(statement) }
                try session.query("INSERT INTO grdb_migrations(identifier) VALUES (\(migration.identifier))")
                applied.append(migration.identifier)
            }
            return applied
        }
    }
}
