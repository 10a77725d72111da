package dev.planprovenance.service.migration;

import dev.planprovenance.service.support.TestDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/** What the migration tests share: Flyway over the real migrations up to a target, and rows as text. */
final class MigrationSql {
    private MigrationSql() {}

    /** Each row of {@code sql} as its columns joined by {@code |}. */
    static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) values.add(rs.getString(i));
                out.add(String.join("|", values));
            }
        }
        return out;
    }

    static Flyway flyway(TestDatabase.Connection db, String target) {
        return Flyway.configure()
                .dataSource(db.url(), db.user(), db.password())
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }
}
