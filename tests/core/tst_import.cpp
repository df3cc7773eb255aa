// Importing Cordon JSON lines into a real case file: good, bad, duplicate and enormous lines.
#include "test_support.h"

#include "core/store/event_indexes.h"
#include "core/store/schema.h"
#include "core/domain/event_flags.h"
#include "core/ingest/importer.h"
#include "core/query/case_reader.h"

#include <QFile>

using namespace cordon;
using namespace cordon::core;
using cordon::test::str;

namespace {

ImportSummary importFiles(CaseFile &file, const std::vector<std::string> &files,
                          const ImportOptions &options = ImportOptions())
{
    Importer importer(file, SystemClock::instance(), options);
    auto summary = importer.run(files);
    if (!summary)
        qFatal("import failed: %s", summary.error().message.c_str());
    return summary.value();
}

} // namespace

class TestImport : public QObject {
    Q_OBJECT
private slots:
    void goodLinesBecomeEvents()
    {
        QTemporaryDir dir;
        auto file = test::newCase(dir.filePath(QStringLiteral("c.cordon")));
        const auto s = importFiles(*file, {str(test::testData("events_good.jsonl"))});
        QCOMPARE(s.accepted, std::int64_t(4));
        QCOMPARE(s.rejected, std::int64_t(0));
        QCOMPARE(s.blankLines, std::int64_t(1));

        Database &db = file->db();
        Statement st = db.prepare(
            "SELECT e.event_time, e.kind, a.value, s.value, ip.value, m.value, e.model_version, e.provider, e.prompt,"
            " e.output, e.input_tokens, e.output_tokens, e.external_id, e.source, e.payload FROM events e"
            " LEFT JOIN entities a ON a.id = e.account_id LEFT JOIN entities s ON s.id = e.session_id"
            " LEFT JOIN entities ip ON ip.id = e.source_ip_id LEFT JOIN entities m ON m.id = e.model_id"
            " WHERE e.external_id = 'e1'");
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), std::int64_t(1795168800000000));
        QCOMPARE(st.text(1), std::string("llm.request"));
        QCOMPARE(st.text(2), std::string("alice"));
        QCOMPARE(st.text(3), std::string("alice-1"));
        QCOMPARE(st.text(4), std::string("203.0.113.5"));
        QCOMPARE(st.text(5), std::string("gpt-4o"));
        QCOMPARE(st.text(6), std::string("gpt-4o-2024-08-06"));
        QCOMPARE(st.text(7), std::string("openai"));
        QCOMPARE(st.text(8), std::string("Summarize the refund policy."));
        QCOMPARE(st.int64(10), std::int64_t(12));
        QCOMPARE(st.int64(11), std::int64_t(9));
        QCOMPARE(st.text(13), std::string("gw-eu"));
        // The original payload is kept byte for byte with its SHA-256.
        QFile f(test::testData("events_good.jsonl"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QByteArray::fromStdString(st.text(14)), f.readLine().trimmed());

        // Offsets are normalised to UTC (10:00:05.25+01:00 is 09:00:05.25Z); epoch seconds are understood.
        QCOMPARE(db.queryInt("SELECT event_time FROM events WHERE kind = 'guardrail.verdict'"),
                 std::int64_t(1795165205250000));
        QCOMPARE(db.queryInt("SELECT event_time FROM events WHERE kind = 'auth'"), std::int64_t(1795168810000000));
        QCOMPARE(db.queryInt("SELECT flags FROM events WHERE kind = 'guardrail.verdict'"),
                 std::int64_t(JailbreakDetected | PolicyViolation));
        // Unmapped fields, unknown flags and huge integers survive in attributes.
        Statement attrs = db.prepare("SELECT attributes FROM events WHERE external_id IS NULL AND kind = 'llm.request'");
        QVERIFY(attrs.step());
        const auto json = nlohmann::json::parse(attrs.text(0));
        QCOMPARE(json["big"].get<std::string>(), std::string("18446744073709551616"));
        QCOMPARE(json["cordon.unknown_flags"][0].get<std::string>(), std::string("made_up_flag"));
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM events WHERE attributes LIKE '%\"trace_id\":\"abc123\"%'"), std::int64_t(1));

        // Record time is separate from event time, and the full-text index finds prompts.
        QVERIFY(db.queryInt("SELECT MIN(record_time) FROM events") > 1795168810000000);
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH 'refund'"), std::int64_t(1));
        CaseReader reader(file->openReadConnection());
        auto stats = reader.stats();
        QCOMPARE(stats->events, std::int64_t(4));
        QCOMPARE(*stats->firstEventTime, std::int64_t(1795165205250000));
        QCOMPARE(*stats->lastEventTime, std::int64_t(1795168820000000));
    }

    void badLinesGoToDeadLettersWithReasons()
    {
        QTemporaryDir dir;
        auto file = test::newCase(dir.filePath(QStringLiteral("c.cordon")));
        const auto s = importFiles(*file, {str(test::testData("events_bad.jsonl"))});
        QCOMPARE(s.accepted, std::int64_t(2));
        QCOMPARE(s.rejected, std::int64_t(8));
        Database &db = file->db();
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM dead_letters"), std::int64_t(8));
        QCOMPARE(db.queryInt("SELECT dead_letter_count FROM case_stats"), std::int64_t(8));
        const std::map<int, std::string> expected = {
            {2, "invalid JSON"}, {3, "missing \"time\""}, {4, "not an RFC 3339"}, {5, "missing \"kind\""},
            {6, "must be a JSON object"}, {7, "\"input_tokens\" must be a non-negative integer"},
            {8, "\"flags\" must be an array"}, {10, "invalid JSON"}};
        Statement st = db.prepare("SELECT locator, reason, raw, raw_size FROM dead_letters ORDER BY id");
        QFile f(test::testData("events_bad.jsonl"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        for (const auto &[line, phrase] : expected) {
            QVERIFY(st.step());
            QVERIFY2(st.text(0).find("events_bad.jsonl:" + std::to_string(line) + " ") == 0, st.text(0).c_str());
            QVERIFY2(st.text(1).find(phrase) != std::string::npos, st.text(1).c_str());
            QCOMPARE(QByteArray::fromStdString(std::string(st.blobView(2))), lines[line - 1]);
            QCOMPARE(st.int64(3), std::int64_t(lines[line - 1].size()));
        }
        // A repeated key is accepted but flagged.
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM events WHERE flags & " + std::to_string(DuplicateKeys)),
                 std::int64_t(1));
    }

    void duplicatesAreSkippedByPayloadHash()
    {
        QTemporaryDir dir;
        auto file = test::newCase(dir.filePath(QStringLiteral("c.cordon")));
        const std::string good = str(test::testData("events_good.jsonl"));
        importFiles(*file, {good});
        const auto again = importFiles(*file, {good, good});
        QCOMPARE(again.accepted, std::int64_t(0));
        QCOMPARE(again.duplicates, std::int64_t(8));
        QCOMPARE(file->db().queryInt("SELECT COUNT(*) FROM events"), std::int64_t(4));
        QCOMPARE(file->db().queryInt("SELECT duplicate_count FROM case_stats"), std::int64_t(8));
    }

    void enormousLineIsKeptAsPrefixAndHash()
    {
        QTemporaryDir dir;
        auto file = test::newCase(dir.filePath(QStringLiteral("c.cordon")));
        const QString path = dir.filePath(QStringLiteral("huge.jsonl"));
        const std::string before = "{\"time\":\"2026-11-20T10:00:00Z\",\"kind\":\"llm.request\",\"prompt\":\"before\"}";
        const std::string after = "{\"time\":\"2026-11-20T10:00:01Z\",\"kind\":\"llm.request\",\"prompt\":\"after\"}";
        std::string huge = "{\"time\":\"2026-11-20T10:00:00Z\",\"kind\":\"llm.request\",\"prompt\":\"";
        huge.append(20 * 1024 * 1024, 'A');
        huge += "\"}";
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(before + "\n" + huge + "\n" + after + "\n"));
        }
        const auto s = importFiles(*file, {str(path)});
        QCOMPARE(s.accepted, std::int64_t(2));
        QCOMPARE(s.rejected, std::int64_t(1));
        Statement st = file->db().prepare("SELECT reason, length(raw), raw_size, raw_sha256, locator FROM dead_letters");
        QVERIFY(st.step());
        QVERIFY2(st.text(0).find("exceeds") != std::string::npos, st.text(0).c_str());
        QCOMPARE(st.int64(1), std::int64_t(64 * 1024));
        QCOMPARE(st.int64(2), std::int64_t(huge.size()));
        const Digest sha = Sha256::of(huge);
        QCOMPARE(std::string(st.blobView(3)), std::string(reinterpret_cast<const char *>(sha.data()), 32));
        QVERIFY(st.text(4).find(":2 (byte " + std::to_string(before.size() + 1) + ")") != std::string::npos);
        // The lines around it are intact.
        QCOMPARE(file->db().queryInt("SELECT COUNT(*) FROM events WHERE prompt IN ('before', 'after')"), std::int64_t(2));
    }

    void bulkImportDefersTheFullTextIndexOnly()
    {
        QTemporaryDir dir;
        auto file = test::newCase(dir.filePath(QStringLiteral("c.cordon")));
        ImportOptions options;
        options.bulk = ImportOptions::Bulk::Always;
        options.commitEvents = 2;
        options.chunkEvents = 1;
        // What another reader sees once a batch is committed: its events stored, their query
        // indexes in place, the full-text index not yet started.
        Database reader = file->openReadConnection();
        std::vector<std::int64_t> fullTextUpTo;
        Importer importer(*file, SystemClock::instance(), options);
        auto run = importer.run({str(test::testData("events_good.jsonl"))}, {}, [&](const CommittedBatch &batch) {
            QVERIFY(reader.queryInt("SELECT COUNT(*) FROM events") >= batch.result.lastEventId);
            fullTextUpTo.push_back(reader.queryInt("SELECT value FROM meta WHERE key = 'fts_indexed_upto'"));
            QCOMPARE(reader.queryInt("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'events_%'"),
                     static_cast<std::int64_t>(1 + schema::eventQueryIndexes().size())); // + events_payload_key
        });
        QVERIFY(run.ok());
        QVERIFY(run->bulk);
        QCOMPARE(run->accepted, std::int64_t(4));
        QCOMPARE(fullTextUpTo, (std::vector<std::int64_t>{0, 0}));

        Database &db = file->db();
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH 'system'"), std::int64_t(1));
        QCOMPARE(db.queryInt("SELECT value FROM meta WHERE key = 'fts_indexed_upto'"), std::int64_t(4));
        // The bulk settings of FTS5 are put back for the small commits of live feeds.
        QCOMPARE(db.queryInt("SELECT v FROM events_fts_config WHERE k = 'automerge'"),
                 std::int64_t(event_indexes::kLiveAutomerge));
        QCOMPARE(db.queryInt("SELECT v FROM events_fts_config WHERE k = 'crisismerge'"),
                 std::int64_t(event_indexes::kLiveCrisisMerge));
        QCOMPARE(db.queryInt("SELECT v FROM events_fts_config WHERE k = 'hashsize'"), std::int64_t(1024 * 1024));
    }

    void anOlderInterruptedBulkImportIsFinishedOnOpen()
    {
        // Cordon before 2026-11 dropped the query indexes for a bulk import and marked them
        // pending; a case left that way by a crash gets them back when opened for writing.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.cordon"));
        {
            auto file = test::newCase(path);
            importFiles(*file, {str(test::testData("events_good.jsonl"))});
            Database &db = file->db();
            WriteTransaction txn(db);
            for (const auto &index : schema::eventQueryIndexes())
                db.exec("DROP INDEX " + std::string(index.name));
            db.exec("UPDATE meta SET value = 1 WHERE key = 'bulk_indexes_pending'");
            db.exec("UPDATE meta SET value = 0 WHERE key = 'fts_indexed_upto'");
            db.exec("INSERT INTO events_fts (events_fts) VALUES ('delete-all')");
            txn.commit();
        }
        auto file = CaseFile::open(str(path));
        QVERIFY(file.ok());
        Database &db = (*file)->db();
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'events_%'"),
                 static_cast<std::int64_t>(1 + schema::eventQueryIndexes().size()));
        QCOMPARE(db.queryInt("SELECT value FROM meta WHERE key = 'bulk_indexes_pending'"), std::int64_t(0));
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH 'system'"), std::int64_t(1));
    }

    void missingFileIsAnErrorNotACrash()
    {
        QTemporaryDir dir;
        auto file = test::newCase(dir.filePath(QStringLiteral("c.cordon")));
        Importer importer(*file, SystemClock::instance());
        auto r = importer.run({str(dir.filePath(QStringLiteral("nope.jsonl")))});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Io);
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
