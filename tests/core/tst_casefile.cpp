// Creating, opening, refusing and migrating case files, against real files on disk.
#include "test_support.h"

#include "core/query/case_reader.h"
#include "core/store/case_lock.h"
#include "core/store/event_indexes.h"
#include "core/store/schema.h"
#include "core/store/wal_checkpointer.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>

#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

using namespace cordon;
using namespace cordon::core;
using cordon::test::str;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

std::int64_t fileSize(const std::string &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : std::int64_t(0);
}

/// A WAL-mode database with a table of blobs, for the checkpointer tests.
Database blobDatabase(const std::string &path)
{
    Database db(path, Database::Access::ReadWriteCreate);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("CREATE TABLE t (b BLOB)");
    return db;
}

void commitBlob(Database &db, const std::string &blob)
{
    WriteTransaction txn(db);
    Statement insert = db.prepare("INSERT INTO t (b) VALUES (?)");
    insert.bindBlob(1, blob.data(), blob.size());
    insert.run();
    txn.commit();
}

} // namespace

class TestCaseFile : public QObject {
    Q_OBJECT
private slots:
    void createAndReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.cordon"));
        NewCase spec;
        spec.title = "Jailbreak wave";
        spec.incidentType = "jailbreak_campaign";
        spec.severity = Severity::High;
        spec.exercise = true;
        ManualClock clock(1'795'168'800'000'000);
        {
            auto file = CaseFile::create(str(path), spec, clock, "tester");
            QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
            QVERIFY(!(*file)->isReadOnly());
            QCOMPARE((*file)->db().queryInt("PRAGMA application_id"), std::int64_t(schema::kApplicationId));
            QCOMPARE((*file)->db().queryInt("PRAGMA user_version"), std::int64_t(schema::currentVersion()));
            QCOMPARE((*file)->db().queryInt("SELECT COUNT(*) FROM audit"), std::int64_t(1));
        }
        QVERIFY(!QFile::exists(path + QStringLiteral(".creating")));
        auto reopened = CaseFile::open(str(path));
        QVERIFY(reopened.ok());
        CaseReader reader((*reopened)->openReadConnection());
        auto info = reader.info();
        QVERIFY(info.ok());
        QCOMPARE(info->title, std::string("Jailbreak wave"));
        QCOMPARE(info->incidentType, std::string("jailbreak_campaign"));
        QCOMPARE(toString(info->severity), std::string_view("High"));
        QCOMPARE(toString(info->phase), std::string_view("Detection"));
        QVERIFY(info->exercise);
        QCOMPARE(info->createdAt, clock.now());
        QCOMPARE((*reopened)->db().queryInt("PRAGMA journal_mode = WAL") >= 0, true);
        Statement mode = (*reopened)->db().prepare("PRAGMA journal_mode");
        QVERIFY(mode.step());
        QCOMPARE(mode.text(0), std::string("wal"));
    }

    void createRefusesExistingPath()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.cordon"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("keep me");
        f.close();
        auto file = CaseFile::create(str(path), {"t"}, SystemClock::instance(), "tester");
        QVERIFY(!file.ok());
        QVERIFY(file.error().message.find("already exists") != std::string::npos);
        QFile check(path);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray("keep me"));
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("text file") << QByteArray("hello, world\n") << int(ErrorCode::NotACase) << "not an SQLite database";
        QTest::newRow("empty") << QByteArray() << int(ErrorCode::NotACase) << "empty";
        QByteArray garbage("SQLite format 3");
        garbage.append('\0');
        garbage.append(QByteArray(4096, '\x7f'));
        QTest::newRow("damaged") << garbage << int(ErrorCode::Corrupt) << "damaged";
    }
    void refusals()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, code);
        QFETCH(QString, phrase);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.cordon"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        const QByteArray before = fileHash(path);
        auto file = CaseFile::open(str(path));
        QVERIFY(!file.ok());
        QCOMPARE(int(file.error().code), code);
        QVERIFY2(QString::fromStdString(file.error().message).contains(phrase), file.error().message.c_str());
        QCOMPARE(fileHash(path), before); // nothing written to a refused file
    }

    void foreignSqliteIsRefusedUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.db"));
        QCOMPARE(test::sqlite(path, QStringLiteral("CREATE TABLE t(a); INSERT INTO t VALUES (1);")).exitCode, 0);
        const QByteArray before = fileHash(path);
        auto file = CaseFile::open(str(path));
        QVERIFY(!file.ok());
        QCOMPARE(file.error().code, ErrorCode::NotACase);
        QVERIFY(file.error().message.find("not a Cordon case file") != std::string::npos);
        QCOMPARE(fileHash(path), before);
    }

    void symlinkIsRefused()
    {
        QTemporaryDir dir;
        const QString real = dir.filePath(QStringLiteral("real.cordon"));
        test::newCase(real);
        const QString link = dir.filePath(QStringLiteral("link.cordon"));
        QVERIFY(QFile::link(real, link));
        auto file = CaseFile::open(str(link));
        QVERIFY(!file.ok());
        QCOMPARE(file.error().code, ErrorCode::Symlink);
    }

    void newerVersionOpensReadOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("future.cordon"));
        test::newCase(path);
        const int future = schema::currentVersion() + 7;
        QCOMPARE(test::sqlite(path, QStringLiteral("PRAGMA user_version = %1").arg(future)).exitCode, 0);
        const QByteArray before = fileHash(path);
        auto file = CaseFile::open(str(path));
        QVERIFY(file.ok());
        QVERIFY((*file)->isReadOnly());
        QVERIFY((*file)->readOnlyReason().find("newer Cordon") != std::string::npos);
        QCOMPARE((*file)->schemaVersion(), future);
        // Reading works; writing is refused by the connection itself.
        CaseReader reader((*file)->openReadConnection());
        QVERIFY(reader.info().ok());
        QVERIFY_THROWS_EXCEPTION(SqlError, (*file)->db().exec("UPDATE case_info SET title = 'x'"));
        file.value().reset();
        QCOMPARE(fileHash(path), before);
    }

    void readOnlyFileOpensReadOnly()
    {
        // Root ignores permission bits, so as root the check runs the CLI as 'nobody'.
        QTemporaryDir dir;
        QVERIFY(::chmod(dir.path().toLocal8Bit().constData(), 0755) == 0);
        const QString path = dir.filePath(QStringLiteral("ro.cordon"));
        test::newCase(path);
        QVERIFY(::chmod(path.toLocal8Bit().constData(), 0444) == 0);
        const QByteArray before = fileHash(path);
        auto asUser = [&](const QStringList &args) {
            if (geteuid() != 0)
                return test::cli(args);
            return test::runProcess(QStringLiteral("setpriv"),
                                    QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                                QStringLiteral("--clear-groups"), QStringLiteral(CORDON_CLI)} + args);
        };
        auto info = asUser({QStringLiteral("info"), path});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        QVERIFY(info.out.contains(QStringLiteral("Test case")));
        auto import = asUser({QStringLiteral("import"), path, test::testData("events_good.jsonl")});
        QCOMPARE(import.exitCode, 5);
        QVERIFY2(import.err.contains(QStringLiteral("not writable")), qPrintable(import.err));
        QCOMPARE(fileHash(path), before);
    }

    void requestedReadOnlyTakesNoLock()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ro2.cordon"));
        test::newCase(path);
        auto writer = CaseFile::open(str(path));
        QVERIFY(writer.ok());
        auto reader = CaseFile::open(str(path), {true, "reader"});
        QVERIFY(reader.ok());
        QVERIFY((*reader)->isReadOnly());
    }

    void secondWriterIsToldWhoHoldsTheCase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("busy.cordon"));
        test::newCase(path);
        auto first = CaseFile::open(str(path), {false, "responder-one"});
        QVERIFY(first.ok());
        auto second = CaseFile::open(str(path), {false, "responder-two"});
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, ErrorCode::InUse);
        QVERIFY2(second.error().message.find("case in use by responder-one") != std::string::npos,
                 second.error().message.c_str());
        // Another process is told the same, at once, through the CLI.
        auto r = test::cli({QStringLiteral("import"), path, test::testData("events_good.jsonl")});
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains(QStringLiteral("case in use by responder-one")), qPrintable(r.err));
        first.value().reset();
        QVERIFY(CaseFile::open(str(path)).ok());
    }

    void migratesFromEveryEarlierVersion()
    {
        // Build a file at each earlier version with the migrations up to it, then open it:
        // the result must match a freshly created case's schema.
        QTemporaryDir dir;
        const QString freshPath = dir.filePath(QStringLiteral("fresh.cordon"));
        test::newCase(freshPath);
        auto schemaOf = [](Database &db) {
            std::string out;
            Statement st = db.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name");
            while (st.step())
                out += st.text(0) + " " + st.text(1) + " " + st.text(2) + "\n";
            // The full-text index's settings live in its config table, not in the schema.
            Statement config = db.prepare("SELECT k, v FROM events_fts_config ORDER BY k");
            while (config.step())
                out += "fts5 " + config.text(0) + " = " + std::to_string(config.int64(1)) + "\n";
            return out;
        };
        Database fresh(str(freshPath), Database::Access::ReadOnly);
        const std::string expected = schemaOf(fresh);
        QVERIFY(expected.find("fts5 automerge = " + std::to_string(event_indexes::kLiveAutomerge) + "\n")
                != std::string::npos);
        for (int v = 1; v < schema::currentVersion(); ++v) {
            const QString path = dir.filePath(QStringLiteral("v%1.cordon").arg(v));
            {
                Database db(str(path), Database::Access::ReadWriteCreate);
                schema::migrate(db, v);
                db.exec("INSERT INTO case_info (id, uuid, title, incident_type, severity, phase, is_exercise, created_at)"
                        " VALUES (1, 'u', 'old', 'x', 'Low', 'Detection', 0, 0)");
            }
            auto file = CaseFile::open(str(path));
            QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
            QCOMPARE((*file)->schemaVersion(), schema::currentVersion());
            QCOMPARE(schemaOf((*file)->db()), expected);
        }
        // Every migration step is ordered and unique.
        int last = 0;
        for (const auto &m : schema::migrations()) {
            QCOMPARE(m.version, last + 1);
            last = m.version;
        }
    }

    void lockIsReleasedWhenHolderCloses()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("l.cordon"));
        {
            auto lock = CaseLock::acquire(str(path), "holder");
            QVERIFY(lock.ok());
            QVERIFY(QFile::exists(path + QStringLiteral(".lock")));
            QVERIFY(!CaseLock::acquire(str(path), "other").ok());
        }
        QVERIFY(!QFile::exists(path + QStringLiteral(".lock")));
        QVERIFY(CaseLock::acquire(str(path), "other").ok());
    }

    void walIsCopiedOffTheWritersThreadAndStaysBounded()
    {
        QTemporaryDir dir;
        const std::string path = str(dir.filePath(QStringLiteral("w.db")));
        Database db = blobDatabase(path);
        const std::string blob(256 * 1024, 'x');
        {
            auto checkpointer = WalCheckpointer::attach(db, 2 << 20);
            QVERIFY(checkpointer);
            // Below SQLite's own threshold the writer never copies; the checkpointer does.
            for (int i = 0; i < 3; ++i)
                commitBlob(db, blob);
            QTRY_VERIFY_WITH_TIMEOUT(fileSize(path) >= 3 * std::int64_t(blob.size()), 5000);
            // 40 MiB through a 2 MiB limit: the WAL starts over instead of growing.
            for (int i = 0; i < 160; ++i)
                commitBlob(db, blob);
            QVERIFY2(fileSize(path + "-wal") < 8 << 20, std::to_string(fileSize(path + "-wal")).c_str());
        }
        // Detached, SQLite's automatic checkpoint is back: a fresh WAL file stays near its
        // 1000-page threshold while 40 MiB more go through.
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        for (int i = 0; i < 160; ++i)
            commitBlob(db, blob);
        QVERIFY2(fileSize(path + "-wal") < 8 << 20, std::to_string(fileSize(path + "-wal")).c_str());
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM t"), std::int64_t(323));
        Database reader(path, Database::Access::ReadOnly);
        QCOMPARE(reader.queryInt("SELECT SUM(length(b)) FROM t"), std::int64_t(323) * std::int64_t(blob.size()));
    }

    void walCopiesWaitForEnoughFramesOrAPause()
    {
        // Copying after every commit copies a page as often as it changes; frames gather
        // until enough are new, or the commits pause.
        QTemporaryDir dir;
        const std::string path = str(dir.filePath(QStringLiteral("c.db")));
        Database db = blobDatabase(path);
        auto checkpointer = WalCheckpointer::attach(db, 64 << 20, 8 << 20);
        QVERIFY(checkpointer);
        const std::int64_t before = fileSize(path);
        const std::string blob(256 * 1024, 'x');
        QElapsedTimer sinceCommit;
        for (int i = 0; i < 4; ++i)
            commitBlob(db, blob);
        sinceCommit.start();
        QTest::qWait(100);
        if (sinceCommit.elapsed() < 400)   // the pause that starts a copy is 500 ms
            QCOMPARE(fileSize(path), before);
        QTRY_VERIFY_WITH_TIMEOUT(fileSize(path) >= before + 4 * std::int64_t(blob.size()), 5000);
    }

    void statementCacheLendsAndTakesBack()
    {
        Database db(":memory:", Database::Access::ReadWriteCreate);
        db.exec("CREATE TABLE t (v INTEGER)");
        sqlite3_stmt *first = nullptr;
        {
            CachedStatement insert = db.cached("INSERT INTO t (v) VALUES (?)");
            first = insert->handle();
            insert->bind(1, 7);
            insert->run();
        }
        {
            // Back in the cache, with no binding left over: an unbound parameter is NULL.
            CachedStatement again = db.cached("INSERT INTO t (v) VALUES (?)");
            QCOMPARE(again->handle(), first);
            again->run();
            // The same SQL while one is lent out: a statement of its own.
            CachedStatement nested = db.cached("INSERT INTO t (v) VALUES (?)");
            QVERIFY(nested->handle() != first);
        }
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM t WHERE v IS NULL"), std::int64_t(1));
        // A query left mid-way is reset when it goes back, so it holds nothing open.
        {
            CachedStatement read = db.cached("SELECT v FROM t");
            QVERIFY(read->step());
        }
        WriteTransaction txn(db);
        db.exec("DROP TABLE t");
        txn.commit();
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM sqlite_schema"), std::int64_t(0));
    }

    void noCheckpointerWithoutAWal()
    {
        QTemporaryDir dir;
        Database db(str(dir.filePath(QStringLiteral("r.db"))), Database::Access::ReadWriteCreate);
        QVERIFY(!WalCheckpointer::attach(db));   // rollback journal
        Database memory(":memory:", Database::Access::ReadWriteCreate);
        QVERIFY(!WalCheckpointer::attach(memory));
    }
};

QTEST_GUILESS_MAIN(TestCaseFile)
#include "tst_casefile.moc"
