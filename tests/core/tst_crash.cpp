// Kill -9 an importing child at random moments: every batch it reported committed must be in
// the case exactly once, the file must pass integrity_check, and verify must pass.
#include "test_support.h"

#include "core/store/schema.h"
#include "core/audit/verifier.h"
#include "core/sim/simulator.h"

#include <QFile>
#include <QRegularExpression>

#include <random>
#include <set>

using namespace cordon;
using namespace cordon::core;
using cordon::test::str;

class TestCrash : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_events;
    static constexpr int kEvents = 12'000;

private slots:
    void initTestCase()
    {
        m_events = m_dir.filePath(QStringLiteral("events.jsonl"));
        QFile out(m_events);
        QVERIFY(out.open(QIODevice::WriteOnly));
        sim::SimulationConfig config;
        config.scenario = *sim::scenarioByName("mixed");
        config.events = kEvents;
        config.seed = 1;
        sim::Simulator(config).run([&](const sim::SimEvent &, std::string_view line) {
            out.write(line.data(), static_cast<qint64>(line.size()));
            out.write("\n");
        });
    }

    void killedImportLosesNothingCommitted()
    {
        const int trials = qEnvironmentVariableIntValue("CORDON_CRASH_TRIALS") > 0
            ? qEnvironmentVariableIntValue("CORDON_CRASH_TRIALS") : 50;
        std::mt19937 rng(20261122);
        const QRegularExpression committed(QStringLiteral(R"(^committed batch=(\d+) file=\S+ lines=(\d+)-(\d+) events=(\d+))"));
        int killedMidway = 0;
        for (int trial = 0; trial < trials; ++trial) {
            const QString casePath = m_dir.filePath(QStringLiteral("crash-%1.cordon").arg(trial));
            test::newCase(casePath);
            const bool bulk = trial % 2 == 1;
            QProcess child;
            child.start(QStringLiteral(CORDON_CLI),
                        {QStringLiteral("import"), casePath, m_events, QStringLiteral("--commit-every"),
                         QString::number(200 + static_cast<int>(rng() % 800)), QStringLiteral("--report-commits"),
                         QStringLiteral("--quiet"), QStringLiteral("--bulk"),
                         bulk ? QStringLiteral("always") : QStringLiteral("never")});
            QVERIFY(child.waitForStarted());
            QTest::qWait(static_cast<int>(20 + rng() % 700));
            const bool wasRunning = child.state() == QProcess::Running;
            child.kill(); // SIGKILL
            child.waitForFinished();
            killedMidway += wasRunning;

            // What the child said was committed before it died.
            std::vector<std::pair<int, int>> ranges;
            std::int64_t reportedEvents = 0;
            for (const QByteArray &line : child.readAllStandardOutput().split('\n')) {
                const auto m = committed.match(QString::fromUtf8(line));
                if (m.hasMatch()) {
                    ranges.emplace_back(m.captured(2).toInt(), m.captured(3).toInt());
                    reportedEvents += m.captured(4).toLongLong();
                }
            }

            auto file = CaseFile::open(str(casePath)); // finishes an interrupted bulk import
            QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
            Database &db = (*file)->db();
            Statement integrity = db.prepare("PRAGMA integrity_check");
            QVERIFY(integrity.step());
            QCOMPARE(integrity.text(0), std::string("ok"));
            const auto report = verifyCase(db, str(m_dir.path()));
            QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());
            QCOMPARE(db.queryInt("SELECT value FROM meta WHERE key = 'bulk_indexes_pending'"), std::int64_t(0));
            QCOMPARE(db.queryInt("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'events_%'"),
                     static_cast<std::int64_t>(1 + schema::eventQueryIndexes().size()));   // + events_payload_key

            // Every reported line is present exactly once (the simulator's ids are sim-1-<line>).
            QCOMPARE(db.queryInt("SELECT COUNT(*) FROM (SELECT external_id FROM events GROUP BY external_id"
                                 " HAVING COUNT(*) > 1)"), std::int64_t(0));
            std::set<int> present;
            Statement ids = db.prepare("SELECT external_id FROM events");
            while (ids.step())
                present.insert(std::stoi(ids.text(0).substr(6)));
            for (const auto &[first, last] : ranges) {
                for (int line = first; line <= last; ++line)
                    QVERIFY2(present.count(line), qPrintable(QStringLiteral("trial %1: line %2 lost").arg(trial).arg(line)));
            }
            QVERIFY(static_cast<std::int64_t>(present.size()) >= reportedEvents);
            QCOMPARE(db.queryInt("SELECT event_count FROM case_stats"), static_cast<std::int64_t>(present.size()));
        }
        // The test is only meaningful if most children died mid-import.
        QVERIFY2(killedMidway >= trials / 2, qPrintable(QStringLiteral("%1 of %2 killed mid-way").arg(killedMidway).arg(trials)));
    }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
