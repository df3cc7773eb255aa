// Tampering with a case through the sqlite3 shell must be caught by verify: an UPDATE of any
// column of any audited or event row, a deleted row, an inserted row, renumbered entries.
#include "test_support.h"

#include "core/audit/audit_log.h"
#include "core/audit/verifier.h"
#include "core/ingest/importer.h"

#include <QDir>
#include <QFile>

using namespace cordon;
using namespace cordon::core;
using cordon::test::str;

class TestAudit : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_pristine;

    QString tamperedCopy(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        if (!QFile::copy(m_pristine, path))
            qFatal("copy failed");
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }

    VerifyReport verify(const QString &path)
    {
        Database db(str(path), Database::Access::ReadOnly);
        return verifyCase(db, str(m_dir.path()));
    }

    struct Column {
        std::string name, type;
    };
    std::vector<Column> columnsOf(const std::string &table)
    {
        Database db(str(m_pristine), Database::Access::ReadOnly);
        Statement st = db.prepare("SELECT name, type FROM pragma_table_info('" + table + "')");
        std::vector<Column> out;
        while (st.step())
            out.push_back({st.text(0), st.text(1)});
        return out;
    }

    /// An UPDATE that changes `column` of the row `where`, whatever its value and type.
    static QString changeSql(const std::string &table, const Column &c, const std::string &where)
    {
        std::string value;
        if (c.name == "id" || c.name == "seq")
            value = c.name + " + 100000";
        else if (c.type == "INTEGER")
            value = "COALESCE(" + c.name + " + 1, 7)";
        else if (c.type == "TEXT")
            value = "COALESCE(" + c.name + " || 'x', 'x')";
        else if (c.type == "BLOB")
            value = "randomblob(32)";
        else
            value = "COALESCE(" + c.name + " || 'x', 'x')";
        return QString::fromStdString("UPDATE " + table + " SET " + c.name + " = " + value + " WHERE " + where);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pristine = m_dir.filePath(QStringLiteral("pristine.cordon"));
        auto file = test::newCase(m_pristine);
        Importer importer(*file, SystemClock::instance());
        QVERIFY(importer.run({str(test::testData("events_good.jsonl"))}).ok());
        QVERIFY(importer.run({str(test::testData("events_bad.jsonl"))}).ok());
        // A person's edit, the way every audited mutation is written: change and entry together.
        Database &db = file->db();
        WriteTransaction txn(db);
        db.exec("INSERT INTO notes (id, author, created_at, body) VALUES (1, 'analyst', 5, 'suspicious suffixes')");
        AuditLog::record(db, 5, {"analyst", "note.add", "note", 1, {}});
        db.exec("INSERT INTO evidence (id, name, sha256, size, added_by, added_at) VALUES (1, 'capture', zeroblob(32), 0, 'analyst', 6)");
        AuditLog::record(db, 6, {"analyst", "evidence.add", "evidence", 1, {}});
        txn.commit();
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    void pristineCaseVerifies()
    {
        const auto report = verify(m_pristine);
        QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());
        QCOMPARE(report.events, std::int64_t(6));
        QCOMPARE(report.auditEntries, std::int64_t(5));
        QCOMPARE(report.headHash.size(), std::size_t(64));

        auto cli = test::cli({QStringLiteral("verify"), m_pristine});
        QCOMPARE(cli.exitCode, 0);
        QCOMPARE(cli.out.trimmed(), QStringLiteral("ok ") + QString::fromStdString(report.headHash));
    }

    void everyColumnUpdateIsCaught_data()
    {
        QTest::addColumn<QString>("sql");
        const std::vector<std::pair<std::string, std::string>> rows = {
            {"events", "id = 2"}, {"dead_letters", "id = 3"}, {"entities", "id = 2"}, {"batches", "id = 2"},
            {"case_info", "id = 1"}, {"notes", "id = 1"}, {"evidence", "id = 1"}, {"audit", "seq = 3"}};
        for (const auto &[table, where] : rows) {
            for (const Column &c : columnsOf(table)) {
                if (table == "case_info" && c.name == "id")
                    continue; // CHECK (id = 1): the shell cannot change it either
                const QString sql = changeSql(table, c, where);
                QTest::newRow(qPrintable(QString::fromStdString(table + "." + c.name))) << sql;
            }
        }
    }
    void everyColumnUpdateIsCaught()
    {
        QFETCH(QString, sql);
        const QString path = tamperedCopy(QStringLiteral("update.cordon"));
        const auto shell = test::sqlite(path, sql);
        QVERIFY2(shell.exitCode == 0, qPrintable(shell.err));
        QVERIFY(test::sqlite(path, QStringLiteral("SELECT changes()")).exitCode == 0);
        const auto report = verify(path);
        QVERIFY2(!report.ok(), qPrintable(sql));
    }

    void deletedRowsAreCaught_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("event") << "DELETE FROM events WHERE id = 3" << "batch";
        QTest::newRow("last event") << "DELETE FROM events WHERE id = (SELECT MAX(id) FROM events)" << "batch";
        QTest::newRow("dead letter") << "DELETE FROM dead_letters WHERE id = 1" << "batch";
        QTest::newRow("entity") << "DELETE FROM entities WHERE id = 1" << "batch";
        QTest::newRow("batch") << "DELETE FROM batches WHERE id = 1" << "deleted outside Cordon";
        QTest::newRow("note") << "DELETE FROM notes" << "note 1: deleted outside Cordon";
        QTest::newRow("audit entry") << "DELETE FROM audit WHERE seq = 2" << "audit entry 3";
        QTest::newRow("newest audit entry") << "DELETE FROM audit WHERE seq = 5" << "evidence 1";
    }
    void deletedRowsAreCaught()
    {
        QFETCH(QString, sql);
        QFETCH(QString, phrase);
        const QString path = tamperedCopy(QStringLiteral("delete.cordon"));
        QCOMPARE(test::sqlite(path, sql).exitCode, 0);
        const auto report = verify(path);
        QVERIFY2(!report.ok(), qPrintable(sql));
        QVERIFY2(QString::fromStdString(report.problems.front()).contains(phrase), report.problems.front().c_str());
    }

    void insertedRowsAreCaught_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("event copy") << "INSERT INTO events (batch_id, event_time, record_time, source, kind, flags,"
                                       " payload, payload_sha256) SELECT batch_id, event_time, record_time, source,"
                                       " kind, flags, payload, payload_sha256 FROM events WHERE id = 1";
        QTest::newRow("dead letter") << "INSERT INTO dead_letters (batch_id, record_time, source, locator, reason, raw,"
                                        " raw_size, raw_sha256) VALUES (1, 0, 'x', 'x', 'x', x'00', 1, zeroblob(32))";
        QTest::newRow("entity") << "INSERT INTO entities (kind, value) VALUES ('account', 'mallory')";
        QTest::newRow("alert") << "INSERT INTO alerts (rule_id, title, severity, status, criteria, group_key,"
                                  " event_count, first_event_time, last_event_time, created_at, updated_at)"
                                  " VALUES ('r', 't', 'Low', 'new', '[]', 'k', 1, 0, 0, 0, 0)";
        QTest::newRow("audit entry") << "INSERT INTO audit SELECT seq + 1000, at, actor, action, object_type,"
                                        " object_id, detail, state_hash, hash, hash FROM audit WHERE seq = 5";
    }
    void insertedRowsAreCaught()
    {
        QFETCH(QString, sql);
        const QString path = tamperedCopy(QStringLiteral("insert.cordon"));
        const auto shell = test::sqlite(path, sql);
        QVERIFY2(shell.exitCode == 0, qPrintable(shell.err));
        QVERIFY2(!verify(path).ok(), qPrintable(sql));
    }

    void renumberedEntriesAreCaught()
    {
        const QString path = tamperedCopy(QStringLiteral("renumber.cordon"));
        // Swap entries 2 and 3 through a spare number, as an attacker reordering history would.
        QCOMPARE(test::sqlite(path, QStringLiteral("UPDATE audit SET seq = 999 WHERE seq = 2;"
                                                   "UPDATE audit SET seq = 2 WHERE seq = 3;"
                                                   "UPDATE audit SET seq = 3 WHERE seq = 999;")).exitCode, 0);
        const auto report = verify(path);
        QVERIFY(!report.ok());
        QVERIFY2(report.problems.front().find("audit entry 2") == 0, report.problems.front().c_str());

        auto cli = test::cli({QStringLiteral("verify"), path});
        QCOMPARE(cli.exitCode, 4);
        QVERIFY(cli.out.startsWith(QStringLiteral("broken: audit entry 2")));
    }

    void evidenceFileIsRehashed()
    {
        QTemporaryDir dir;
        const QString casePath = dir.filePath(QStringLiteral("e.cordon"));
        auto file = test::newCase(casePath);
        QFile evidence(dir.filePath(QStringLiteral("chat-export.json")));
        QVERIFY(evidence.open(QIODevice::WriteOnly));
        evidence.write("{\"messages\":[]}");
        evidence.close();
        const Digest sha = Sha256::of("{\"messages\":[]}");
        Database &db = file->db();
        {
            WriteTransaction txn(db);
            Statement st = db.prepare("INSERT INTO evidence (id, name, path, sha256, size, added_by, added_at)"
                                      " VALUES (1, 'chat export', 'chat-export.json', ?, 15, 'analyst', 1)");
            st.bindBlob(1, sha.data(), 32);
            st.run();
            AuditLog::record(db, 1, {"analyst", "evidence.add", "evidence", 1, {}});
            txn.commit();
        }
        auto report = verifyCase(db, str(dir.path()));
        QVERIFY(report.ok());
        QCOMPARE(report.evidenceChecked, std::int64_t(1));
        QVERIFY(evidence.open(QIODevice::WriteOnly | QIODevice::Append));
        evidence.write(" ");
        evidence.close();
        report = verifyCase(db, str(dir.path()));
        QVERIFY(!report.ok());
        QVERIFY(report.problems.front().find("evidence 1 (chat export)") == 0);
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
