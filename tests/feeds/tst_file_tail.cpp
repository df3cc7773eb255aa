// Following a JSON-lines file through appends, copytruncate and rename rotation, resuming
// from the position stored with the events, and surviving SIGKILL with no gap and no repeat.
#include "test_support.h"

#include "core/ingest/live_ingest.h"
#include "core/feeds/file_tail.h"

#include <QRandomGenerator>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace cordon;
using namespace Qt::StringLiterals;

namespace {

std::string line(int i)
{
    return R"({"time":"2026-11-20T00:00:00Z","kind":"note","id":"l)" + std::to_string(i) + R"(","prompt":"line )"
        + std::to_string(i) + "\"}\n";
}

void append(const std::string &path, int from, int to, bool finalNewline = true)
{
    std::ofstream out(path, std::ios::app);
    for (int i = from; i < to; ++i) {
        std::string l = line(i);
        if (!finalNewline && i == to - 1)
            l.pop_back();
        out << l;
    }
}

} // namespace

class TestFileTail : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<core::CaseFile> m_file;
    std::unique_ptr<core::LiveIngest> m_ingest;
    std::string m_log;

    void openCase(const QString &name)
    {
        m_file = test::newCase(m_dir.filePath(name));
        startIngest();
    }
    void startIngest()
    {
        core::LiveOptions live;
        live.commitInterval = std::chrono::milliseconds(5);
        live.detect = false;
        m_ingest = std::make_unique<core::LiveIngest>(*m_file, core::SystemClock::instance(), live);
    }
    std::unique_ptr<feeds::FileTail> tail(std::optional<std::string> checkpoint = {})
    {
        feeds::FileTailOptions o;
        o.path = m_log;
        return std::make_unique<feeds::FileTail>(*m_ingest, core::SystemClock::instance(), o, checkpoint);
    }
    std::int64_t events()
    {
        m_ingest->flush();
        return m_file->openReadConnection().queryInt("SELECT COUNT(*) FROM events");
    }
    std::int64_t distinctEvents()
    {
        return m_file->openReadConnection().queryInt("SELECT COUNT(DISTINCT external_id) FROM events");
    }

private slots:
    void init()
    {
        static int n = 0;
        m_log = test::str(m_dir.filePath(u"gateway-%1.jsonl"_s.arg(++n)));
    }
    void cleanup()
    {
        if (m_ingest)
            m_ingest->stop();
        m_ingest.reset();
        m_file.reset();
    }

    void followsAppendsAndWaitsForWholeLines()
    {
        openCase(u"appends.cordon"_s);
        append(m_log, 0, 3);
        auto t = tail();
        QVERIFY(t->poll());
        QCOMPARE(events(), std::int64_t(3));
        append(m_log, 3, 5, false);   // the last line is still being written
        t->poll();
        QCOMPARE(events(), std::int64_t(4));
        { std::ofstream(m_log, std::ios::app) << "\n"; }
        t->poll();
        QCOMPARE(events(), std::int64_t(5));
        QVERIFY(!t->poll());   // nothing new
    }

    void followsCopytruncate()
    {
        openCase(u"truncate.cordon"_s);
        append(m_log, 0, 4);
        auto t = tail();
        t->poll();
        std::filesystem::copy_file(m_log, m_log + ".1");
        std::filesystem::resize_file(m_log, 0);   // what logrotate's copytruncate does
        append(m_log, 4, 6);
        t->poll();
        QCOMPARE(events(), std::int64_t(6));
        QCOMPARE(distinctEvents(), std::int64_t(6));
    }

    void followsRenameRotation()
    {
        openCase(u"rename.cordon"_s);
        append(m_log, 0, 2);
        auto t = tail();
        t->poll();
        append(m_log, 2, 4);                          // written before the rotation, not read yet
        std::filesystem::rename(m_log, m_log + ".1");
        append(m_log, 4, 7);                          // the new file
        t->poll();
        QCOMPARE(events(), std::int64_t(7));
        QCOMPARE(distinctEvents(), std::int64_t(7));
    }

    void resumesFromTheStoredPosition()
    {
        openCase(u"resume.cordon"_s);
        append(m_log, 0, 10);
        tail()->poll();
        m_ingest->stop();
        const auto checkpoint = core::LiveIngest::checkpoint(m_file->db(), "tail:" + m_log);
        QVERIFY(checkpoint && checkpoint->find("offset=") != std::string::npos);
        startIngest();
        append(m_log, 10, 15);
        tail(checkpoint)->poll();
        QCOMPARE(events(), std::int64_t(15));
        QCOMPARE(m_file->openReadConnection().queryInt("SELECT duplicate_count FROM case_stats"), std::int64_t(0));
    }

    void finishesAFileRotatedWhileAway()
    {
        openCase(u"away.cordon"_s);
        append(m_log, 0, 5);
        tail()->poll();
        m_ingest->stop();
        const auto checkpoint = core::LiveIngest::checkpoint(m_file->db(), "tail:" + m_log);
        append(m_log, 5, 8);   // written, then rotated away while Cordon was down
        std::filesystem::rename(m_log, m_log + ".1");
        append(m_log, 8, 10);
        startIngest();
        auto t = tail(checkpoint);
        t->poll();
        t->poll();
        QCOMPARE(events(), std::int64_t(10));
        QCOMPARE(distinctEvents(), std::int64_t(10));
    }

    void survivesSigkillWithNoGapAndNoRepeat()
    {
        // `cordon-cli listen --tail` killed at random moments while it reads a growing file;
        // restarted each time from the position stored with the events.
        const QString casePath = m_dir.filePath(u"killed.cordon"_s);
        QCOMPARE(test::cli({u"new"_s, casePath, u"--title"_s, u"tail"_s}).exitCode, 0);
        const int trials = qEnvironmentVariableIntValue("CORDON_CRASH_TRIALS") > 0 ? 10 : 6;
        int written = 0;
        for (int trial = 0; trial < trials; ++trial) {
            append(m_log, written, written + 3000);
            written += 3000;
            QProcess p;
            p.start(QStringLiteral(CORDON_CLI), {u"listen"_s, casePath, u"--tail"_s, QString::fromStdString(m_log),
                                                 u"--no-detect"_s, u"--commit-ms"_s, u"5"_s});
            QVERIFY(p.waitForStarted());
            QTest::qWait(static_cast<int>(QRandomGenerator::global()->bounded(150, 700)));
            ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
            p.waitForFinished();
        }
        // A last clean run reads whatever is left, then stops.
        QProcess p;
        p.start(QStringLiteral(CORDON_CLI), {u"listen"_s, casePath, u"--tail"_s, QString::fromStdString(m_log), u"--no-detect"_s});
        QVERIFY(p.waitForStarted());
        QTest::qWait(1500);
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(test::sqlite(casePath, u"SELECT COUNT(*), COUNT(DISTINCT external_id) FROM events"_s).out.trimmed(),
                 u"%1|%1"_s.arg(written));
        // Nothing was read twice: no record even reached the duplicate check.
        QCOMPARE(test::sqlite(casePath, u"SELECT duplicate_count FROM case_stats"_s).out.trimmed(), u"0"_s);
        QCOMPARE(test::sqlite(casePath, u"PRAGMA integrity_check"_s).out.trimmed(), u"ok"_s);
        QCOMPARE(test::cli({u"verify"_s, casePath}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestFileTail)
#include "tst_file_tail.moc"
