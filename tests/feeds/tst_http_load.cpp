// The acknowledgement promise under load and under SIGKILL: every request answered 2xx is
// in the case exactly once; nothing else is. Drives a real `cordon-cli listen` process.
#include "blocking_http.h"
#include "test_support.h"

#include <QRandomGenerator>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

using namespace cordon;
using namespace Qt::StringLiterals;

namespace {

std::string eventJson(const std::string &id)
{
    return R"({"time":"2026-11-20T00:00:00Z","kind":"llm.request","account":"u-1","id":")" + id
        + R"(","prompt":"hello"})";
}

/// A running `cordon-cli listen --http 127.0.0.1:0`.
struct Listener {
    QProcess process;
    quint16 port = 0;

    bool start(const QString &casePath, const QStringList &extra = {})
    {
        process.start(QStringLiteral(CORDON_CLI),
                      QStringList{u"listen"_s, casePath, u"--http"_s, u"127.0.0.1:0"_s, u"--no-detect"_s} + extra);
        QByteArray banner;
        while (!banner.contains("Ctrl+C") && process.waitForReadyRead(10000))
            banner += process.readAllStandardOutput();
        const QByteArray line = banner.left(banner.indexOf('\n'));
        port = static_cast<quint16>(line.mid(line.lastIndexOf(':') + 1).split(' ').first().toUInt());
        return port != 0;
    }
    std::int64_t peakRssKb() const
    {
        std::ifstream status("/proc/" + std::to_string(process.processId()) + "/status");
        for (std::string line; std::getline(status, line);) {
            if (line.starts_with("VmHWM:"))
                return std::atoll(line.c_str() + 6);
        }
        return -1;
    }
};

std::set<std::string> storedIds(const QString &casePath)
{
    const auto out = test::sqlite(casePath, u"SELECT external_id FROM events"_s).out;
    std::set<std::string> ids;
    for (const auto &l : out.split(u'\n', Qt::SkipEmptyParts))
        ids.insert(l.toStdString());
    return ids;
}

} // namespace

class TestHttpLoad : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void acknowledgedMeansStoredAcrossSigkill()
    {
        const QString casePath = m_dir.filePath(u"crash.cordon"_s);
        QCOMPARE(test::cli({u"new"_s, casePath, u"--title"_s, u"crash"_s}).exitCode, 0);
        const int trials = qEnvironmentVariableIsSet("CORDON_CRASH_TRIALS")
            ? qEnvironmentVariableIntValue("CORDON_CRASH_TRIALS") : 50;
        std::set<std::string> acknowledged;
        std::int64_t sent = 0;
        for (int trial = 0; trial < trials; ++trial) {
            Listener l;
            QVERIFY(l.start(casePath, {u"--commit-ms"_s, u"20"_s}));
            std::atomic<bool> stop{false};
            std::mutex m;
            std::vector<std::thread> clients;
            for (int c = 0; c < 3; ++c) {
                clients.emplace_back([&, c] {
                    test::BlockingHttp http(l.port);
                    for (int i = 0; !stop.load(); ++i) {
                        const std::string id = "t" + std::to_string(trial) + "-c" + std::to_string(c) + "-" + std::to_string(i);
                        const int status = http.post("/v1/events", eventJson(id));
                        std::lock_guard lock(m);
                        ++sent;
                        if (status == 200)
                            acknowledged.insert(id);
                        else if (status == 0)
                            return;   // the listener is gone
                    }
                });
            }
            QTest::qWait(static_cast<int>(QRandomGenerator::global()->bounded(100, 400)));
            ::kill(static_cast<pid_t>(l.process.processId()), SIGKILL);
            l.process.waitForFinished();
            stop = true;
            for (auto &t : clients)
                t.join();
        }
        const std::set<std::string> stored = storedIds(casePath);
        QVERIFY(!acknowledged.empty());
        for (const auto &id : acknowledged)
            QVERIFY2(stored.count(id) == 1, ("acknowledged but not stored: " + id).c_str());
        // Exactly once: as many rows as distinct ids.
        QCOMPARE(test::sqlite(casePath, u"SELECT COUNT(*) - COUNT(DISTINCT external_id) FROM events"_s).out.trimmed(), u"0"_s);
        QCOMPARE(test::sqlite(casePath, u"PRAGMA integrity_check"_s).out.trimmed(), u"ok"_s);
        QCOMPARE(test::cli({u"verify"_s, casePath}).exitCode, 0);
        qInfo("%d kills: %zu requests acknowledged of %lld sent, %zu stored", trials, acknowledged.size(),
              static_cast<long long>(sent), stored.size());
    }

    void floodStoresExactlyWhatWasAcknowledged()
    {
        // 5,000 requests a second for 30 s (CORDON_FLOOD_SECONDS shortens it for a quick run).
        const QString casePath = m_dir.filePath(u"flood.cordon"_s);
        QCOMPARE(test::cli({u"new"_s, casePath, u"--title"_s, u"flood"_s}).exitCode, 0);
        Listener l;
        QVERIFY(l.start(casePath));
        const int seconds = qEnvironmentVariableIsSet("CORDON_FLOOD_SECONDS")
            ? qEnvironmentVariableIntValue("CORDON_FLOOD_SECONDS") : 30;
        constexpr int kRate = 5000, kClients = 48;
        std::atomic<std::int64_t> ok{0}, busy{0}, failed{0};
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<std::thread> clients;
        for (int c = 0; c < kClients; ++c) {
            clients.emplace_back([&, c] {
                test::BlockingHttp http(l.port);
                const auto interval = std::chrono::microseconds(1'000'000 * kClients / kRate);
                auto next = t0;
                for (int i = 0; std::chrono::steady_clock::now() - t0 < std::chrono::seconds(seconds); ++i) {
                    std::this_thread::sleep_until(next);
                    next += interval;
                    const int status = http.post("/v1/events", eventJson("f" + std::to_string(c) + "-" + std::to_string(i)));
                    if (status == 200)
                        ++ok;
                    else if (status == 429)
                        ++busy;
                    else
                        ++failed;
                }
            });
        }
        for (auto &t : clients)
            t.join();
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const std::int64_t rss = l.peakRssKb();
        l.process.terminate();
        QVERIFY(l.process.waitForFinished(30000));
        const auto stored = test::sqlite(casePath, u"SELECT COUNT(*) FROM events"_s).out.trimmed().toLongLong();
        qInfo("flood: %.0f requests/s answered 200 for %.1f s; %lld busy (429), %lld failed; %lld stored; peak RSS %lld MB",
              static_cast<double>(ok.load()) / elapsed, elapsed, static_cast<long long>(busy.load()),
              static_cast<long long>(failed.load()), static_cast<long long>(stored), static_cast<long long>(rss / 1024));
        QCOMPARE(failed.load(), std::int64_t(0));
        QCOMPARE(stored, ok.load());                       // 0 lost, 0 duplicated
        QVERIFY(ok.load() > static_cast<std::int64_t>(kRate) * seconds / 2);   // it kept up, mostly
        QVERIFY2(rss > 0 && rss < 400 * 1024, "memory stayed bounded");
    }
};

QTEST_GUILESS_MAIN(TestHttpLoad)
#include "tst_http_load.moc"
