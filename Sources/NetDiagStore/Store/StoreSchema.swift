import GRDB

/// The store's schema, as GRDB migrations: each is applied once, in order, in its own
/// transaction, so a store written by an older netdiag is upgraded in place.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: settings, paths, tasks") { db in
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "path") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("regionId", .text).notNull().indexed()
                t.column("resourceGroupId", .text).notNull()
                t.column("vpcId", .text).notNull()
                t.column("sourceType", .text).notNull()
                t.column("source", .text).notNull()
                t.column("destinationType", .text).notNull()
                t.column("destination", .text).notNull()
                t.column("protocol", .text).notNull()
                t.column("port", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "task") { t in
                t.primaryKey("id", .text)
                // Deleting a path deletes its task records.
                t.column("pathId", .text).notNull().indexed().references("path", onDelete: .cascade)
                t.column("regionId", .text).notNull().indexed()
                t.column("status", .text).notNull().indexed()
                    .check { ["running", "finished", "failed"].contains($0) }
                t.column("result", .text)
                t.column("reason", .text)
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("ownerPid", .integer)
                t.column("ownerStartTime", .integer)
                t.column("ownerBootId", .text)
                t.column("inventoryPath", .text).notNull()
                t.column("inventoryHash", .text).notNull()
                t.column("ruleSetHash", .text).notNull()
                t.column("pathJSON", .text).notNull()
                t.column("diagnosisJSON", .text)
            }
            // The database itself guarantees one running task per path, whatever the code does.
            try db.execute(sql: "CREATE UNIQUE INDEX task_one_running_per_path ON task(pathId) WHERE status = 'running'")
        }
        return migrator
    }
}
