// The webhook receiver over real loopback TCP: limits, authentication, content checks,
// dead letters, 2xx only after commit, back-pressure, keep-alive, and `cordon-cli listen`.
#include "test_support.h"

#include "core/ingest/delivery.h"
#include "core/ingest/live_ingest.h"
#include "core/store/feed_definitions.h"
#include "core/util/hmac.h"
#include "core/feeds/http_receiver.h"

#include <QProcess>
#include <QTcpSocket>

#include <atomic>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace cordon;
using json = nlohmann::json;
using namespace Qt::StringLiterals;

namespace {

struct Reply {
    int status = 0;
    QByteArray headers, body;
    bool closed = false;
};

/// Parses one HTTP response out of `data`; false while incomplete.
bool parseReply(const QByteArray &data, Reply &r)
{
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    r.headers = data.left(end);
    r.status = data.mid(9, 3).toInt();
    qsizetype length = 0;
    for (const QByteArray &line : r.headers.split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    if (data.size() < end + 4 + length)
        return false;
    r.body = data.mid(end + 4, length);
    return true;
}

/// A raw HTTP client on the test's own event loop (the receiver runs on it too).
class Client {
public:
    explicit Client(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        // Connected, or already answered and closed (a refused connection).
        QTRY_VERIFY_WITH_TIMEOUT(m_socket.state() == QAbstractSocket::ConnectedState
                                     || m_socket.state() == QAbstractSocket::UnconnectedState,
                                 5000);
    }
    void send(const QByteArray &bytes)
    {
        if (m_socket.state() == QAbstractSocket::ConnectedState)
            m_socket.write(bytes);
    }
    Reply receive(int timeoutMs = 10'000)
    {
        Reply r;
        QByteArray data;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            data += m_socket.readAll();
            if (parseReply(data, r)) {
                m_rest = data.mid(r.headers.size() + 4 + r.body.size());
                return r;
            }
            if (m_socket.state() == QAbstractSocket::UnconnectedState) {
                r.closed = true;
                break;
            }
            QTest::qWait(5);
        }
        return r;
    }
    bool closedWithin(int ms)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {
            if (m_socket.state() == QAbstractSocket::UnconnectedState)
                return true;
            QTest::qWait(10);
        }
        return false;
    }

private:
    QTcpSocket m_socket;
    QByteArray m_rest;
};

QByteArray request(const QByteArray &path, const QByteArray &body, const QList<QByteArray> &headers,
                   const QByteArray &method = "POST")
{
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto &h : headers)
        out += h + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return out;
}

QByteArray fixture(const char *name)
{
    QFile f(test::testData(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return f.readAll();
}

const QByteArray kJson = "Content-Type: application/json";
const QByteArray kBearer = "Authorization: Bearer s3cret";

} // namespace

class TestHttpFeed : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<core::CaseFile> m_file;
    std::unique_ptr<core::LiveIngest> m_ingest;
    std::unique_ptr<feeds::HttpReceiver> m_receiver;

    void start(feeds::HttpFeedOptions options, std::optional<core::LiveOptions> liveOptions = {})
    {
        static int n = 0;
        m_receiver.reset();
        m_ingest.reset();
        m_file = test::newCase(m_dir.filePath(u"http-%1.cordon"_s.arg(++n)));
        core::LiveOptions live = liveOptions.value_or(core::LiveOptions{});
        live.commitInterval = std::chrono::milliseconds(20);
        if (!liveOptions)
            live.detect = false;
        m_ingest = std::make_unique<core::LiveIngest>(*m_file, core::SystemClock::instance(), live);
        m_receiver = std::make_unique<feeds::HttpReceiver>(*m_ingest, core::SystemClock::instance(), options);
        QVERIFY(m_receiver->listen().ok());
    }
    std::int64_t stored(const char *table)
    {
        core::Database reader = m_file->openReadConnection();
        return reader.queryInt(std::string("SELECT COUNT(*) FROM ") + table);
    }
    static feeds::HttpFeedOptions bearer()
    {
        feeds::HttpFeedOptions o;
        o.auth = {feeds::WebhookAuth::Kind::Bearer, "s3cret", 5 * 60 * 1'000'000LL};
        return o;
    }

private slots:
    void cleanup()
    {
        if (m_ingest)
            m_ingest->flush();
        QCoreApplication::processEvents();
        m_receiver.reset();
        m_ingest.reset();
        m_file.reset();
    }

    void acknowledgesOnlyWhatIsCommitted()
    {
        start(bearer());
        Client c(m_receiver->port());
        c.send(request("/v1/alertmanager", fixture("formats/alertmanager_firing.json"), {kJson, kBearer}));
        const Reply r = c.receive();
        QCOMPARE(r.status, 200);
        QCOMPARE(json::parse(r.body.toStdString())["accepted"].get<int>(), 1);
        // The answer came after the commit: a separate reader sees the event right away.
        QCOMPARE(stored("events"), std::int64_t(1));
        const core::FeedStats stats = m_ingest->stats().at("http");
        QCOMPARE(stats.accepted, std::int64_t(1));
        QVERIFY(stats.lastSeen > 0);
        // The same delivery again is recognised.
        c.send(request("/v1/alertmanager", fixture("formats/alertmanager_firing.json"), {kJson, kBearer}));
        const Reply again = c.receive();   // on the same keep-alive connection
        QCOMPARE(again.status, 200);
        QCOMPARE(json::parse(again.body.toStdString())["duplicates"].get<int>(), 1);
        QCOMPARE(stored("events"), std::int64_t(1));
    }

    void retriedDeliveryIsAnsweredFromTheFirst()
    {
        start(bearer());
        const QByteArray body = "{\"time\":\"2026-11-20T01:00:00Z\",\"kind\":\"llm.request\",\"id\":\"a\"}\n"
                                "{\"time\":\"2026-11-20T01:00:01Z\",\"kind\":\"llm.request\",\"id\":\"b\"}\n";
        const QByteArray key = "Idempotency-Key: delivery-41";
        Client c(m_receiver->port());
        c.send(request("/v1/events", body, {kJson, kBearer, key}));
        const Reply first = c.receive();
        QCOMPARE(first.status, 200);
        QCOMPARE(json::parse(first.body.toStdString())["accepted"].get<int>(), 2);
        // The retry gets the first delivery's answer, marked as such, and stores nothing.
        c.send(request("/v1/events", body, {kJson, kBearer, key}));
        const Reply retry = c.receive();
        QCOMPARE(retry.status, 200);
        const json answer = json::parse(retry.body.toStdString());
        QCOMPARE(answer["accepted"].get<int>(), 2);
        QCOMPARE(answer["duplicates"].get<int>(), 0);
        QVERIFY(answer.value("replayed", false));
        QCOMPARE(stored("events"), std::int64_t(2));
        // The same id with another body is the sender's mistake: refused, nothing stored.
        const QByteArray other = "{\"time\":\"2026-11-20T01:00:02Z\",\"kind\":\"llm.request\",\"id\":\"c\"}\n";
        c.send(request("/v1/events", other, {kJson, kBearer, key}));
        const Reply reused = c.receive();
        QCOMPARE(reused.status, 422);
        QVERIFY(json::parse(reused.body.toStdString())["error"].get<std::string>().find("delivery-41") != std::string::npos);
        QCOMPARE(stored("events"), std::int64_t(2));
        // Standard Webhooks and GitHub name their deliveries too; two retries of one
        // delivery arriving together (one group commit) still store it once.
        Client d(m_receiver->port()), e(m_receiver->port());
        d.send(request("/v1/events", other, {kJson, kBearer, "X-GitHub-Delivery: 72d3162e"}));
        e.send(request("/v1/events", other, {kJson, kBearer, "X-GitHub-Delivery: 72d3162e"}));
        QCOMPARE(d.receive().status, 200);
        QCOMPARE(e.receive().status, 200);
        QCOMPARE(stored("events"), std::int64_t(3));
        QCOMPARE(stored("deliveries"), std::int64_t(2));
        const core::FeedStats stats = m_ingest->stats().at("http");
        QCOMPARE(stats.replayedDeliveries, std::int64_t(2));
        QCOMPARE(stats.accepted, std::int64_t(3));
        QCOMPARE(stats.duplicates, std::int64_t(0));
        m_ingest->flush();
        QCOMPARE(m_ingest->pendingRecords(), std::size_t(0));   // replays release their room in the queue
    }

    void otherWritesShareTheWriterThread()
    {
        std::atomic<std::uint64_t> sequence{0};
        core::LiveOptions live;
        live.detect = false;
        live.changed = [&sequence](std::uint64_t s) { sequence = s; };
        start(bearer(), live);
        // A write posted while deliveries arrive runs on the writer thread between commits.
        Client c(m_receiver->port());
        c.send(request("/v1/events", "{\"kind\":\"llm.request\",\"id\":\"p1\",\"time\":\"2026-11-20T01:00:00Z\"}", {kJson, kBearer}));
        std::promise<std::thread::id> ran;
        m_ingest->post([&ran](core::Database &db) {
            core::FeedDefinition f;
            f.name = "posted";
            f.kind = "tail";
            f.config = {{"path", "/var/log/gateway.jsonl"}};
            if (core::feed_store::add(db, core::SystemClock::instance(), "test", f))
                ran.set_value(std::this_thread::get_id());
            else
                ran.set_value({});
        });
        auto done = ran.get_future();
        QCOMPARE(done.wait_for(std::chrono::seconds(10)), std::future_status::ready);
        QVERIFY(done.get() != std::this_thread::get_id());
        QCOMPARE(c.receive().status, 200);
        m_ingest->flush();
        QCOMPARE(stored("feeds"), std::int64_t(1));
        QCOMPARE(stored("events"), std::int64_t(1));
        // The window is told after the commit and after the job: the sequence only grows.
        QTRY_VERIFY(sequence.load() >= 2);
    }

    void feedRateIsAsOfNow()
    {
        core::ManualClock clock(1'795'000'000'000'000);
        auto file = test::newCase(m_dir.filePath(u"rate.cordon"_s));
        core::LiveOptions live;
        live.detect = false;
        live.commitInterval = std::chrono::milliseconds(1);
        core::LiveIngest ingest(*file, clock, live);
        std::string body;
        for (int i = 0; i < 100; ++i)
            body += "{\"kind\":\"llm.request\",\"id\":\"r" + std::to_string(i) + "\",\"time\":\"2026-11-20T01:00:00Z\"}\n";
        auto parsed = core::parseDelivery(body, "rated", "test", clock.now(), {});
        QVERIFY(ingest.submit(parsed.delivery, {}));
        clock.advance(2'000'000);
        ingest.flush();
        // 100 events in the two seconds since the feed's first delivery.
        QCOMPARE(qRound(ingest.stats().at("rated").eventsPerSecond), 50);
        // Quiet for twenty seconds: the rate falls to nothing without another commit.
        clock.advance(20'000'000);
        QCOMPARE(ingest.stats().at("rated").eventsPerSecond, 0.0);
        QCOMPARE(ingest.stats().at("rated").accepted, std::int64_t(100));
    }

    void searchCatchesUpWithEverythingAcknowledged()
    {
        // Under load the full-text index is brought up to date in chunks rather than in every
        // commit; once the deliveries stop, every acknowledged event is searchable.
        auto file = test::newCase(m_dir.filePath(u"search.cordon"_s));
        core::LiveOptions live;
        live.detect = false;
        live.commitInterval = std::chrono::milliseconds(1);
        core::LiveIngest ingest(*file, core::SystemClock::instance(), live);
        std::atomic<std::int64_t> accepted{0};
        for (int d = 0; d < 40; ++d) {
            std::string body;
            for (int i = 0; i < 250; ++i)
                body += "{\"kind\":\"llm.request\",\"id\":\"s" + std::to_string(d * 250 + i)
                        + "\",\"time\":\"2026-11-20T01:00:00Z\",\"prompt\":\"quarterly refund request "
                        + std::to_string(i) + "\"}\n";
            auto parsed = core::parseDelivery(body, "search", "test", core::SystemClock::instance().now(), {});
            QVERIFY(ingest.submit(parsed.delivery, [&accepted](const core::LiveResult &r) { accepted += r.accepted; }));
        }
        ingest.flush();
        QCOMPARE(accepted.load(), std::int64_t(10'000));
        core::Database reader = file->openReadConnection();
        QCOMPARE(reader.queryInt("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH 'refund'"), std::int64_t(10'000));
        QCOMPARE(reader.queryInt("SELECT value FROM meta WHERE key = 'fts_indexed_upto'"),
                 reader.queryInt("SELECT MAX(id) FROM events"));
    }

    void detectionRunsOnWhatArrives()
    {
        core::LiveOptions live;
        live.detect = true;
        start(bearer(), live);
        auto attempts = [](int from, int to) {
            QByteArray body;
            for (int i = from; i < to; ++i)
                body += "{\"time\":\"2026-11-20T01:0" + QByteArray::number(i % 10) + ":00Z\",\"kind\":\"llm.request\","
                        "\"account\":\"u-7\",\"id\":\"j" + QByteArray::number(i) + "\",\"prompt\":\"try\","
                        "\"flags\":[\"jailbreak_detected\"]}\n";
            return body;
        };
        Client c(m_receiver->port());
        c.send(request("/v1/events", attempts(0, 7), {kJson, kBearer}));
        QCOMPARE(c.receive().status, 200);
        m_ingest->flush();
        core::Database reader = m_file->openReadConnection();
        QCOMPARE(reader.queryInt("SELECT COUNT(*) FROM alerts WHERE rule_id = 'jailbreak_attempts'"), std::int64_t(1));
        c.send(request("/v1/events", attempts(7, 9), {kJson, kBearer}));
        QCOMPARE(c.receive().status, 200);
        m_ingest->flush();
        // The same alert grows; detection kept pace with the commits.
        QCOMPARE(reader.queryInt("SELECT COUNT(*) FROM alerts WHERE rule_id = 'jailbreak_attempts'"), std::int64_t(1));
        QCOMPARE(reader.queryInt("SELECT event_count FROM alerts WHERE rule_id = 'jailbreak_attempts'"), std::int64_t(9));
        QCOMPARE(reader.queryInt("SELECT value FROM meta WHERE key = 'detection_upto'"), std::int64_t(9));
    }

    void refusesWhatItShould_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        const QByteArray body = R"({"time":"2026-11-20T00:00:00Z","kind":"note"})";
        QTest::newRow("no token") << request("/v1/events", body, {kJson}) << 401;
        QTest::newRow("wrong token") << request("/v1/events", body, {kJson, "Authorization: Bearer nope"}) << 401;
        QTest::newRow("text/plain") << request("/v1/events", body, {"Content-Type: text/plain", kBearer}) << 415;
        QTest::newRow("no content type") << request("/v1/events", body, {kBearer}) << 415;
        QTest::newRow("from a web page") << request("/v1/events", body, {kJson, kBearer, "Origin: https://evil.example"}) << 403;
        QTest::newRow("foreign Host") << request("/v1/events", body, {kJson, kBearer}).replace("Host: 127.0.0.1", "Host: evil.example") << 403;
        QTest::newRow("unknown path") << request("/v2/everything", body, {kJson, kBearer}) << 404;
        QTest::newRow("GET an endpoint") << request("/v1/events", "", {kBearer}, "GET") << 405;
        QTest::newRow("not HTTP") << QByteArray("HELLO THERE\r\n\r\n") << 400;
    }
    void refusesWhatItShould()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        start(bearer());
        Client c(m_receiver->port());
        c.send(raw);
        const Reply r = c.receive();
        QCOMPARE(r.status, status);
        QVERIFY(json::parse(r.body.toStdString()).contains("error"));   // a JSON error body
        QCOMPARE(stored("events"), std::int64_t(0));
    }

    void oversizedBodyIsRefusedBeforeItIsSent()
    {
        start(bearer());
        Client c(m_receiver->port());
        // Only the headers: the receiver answers from Content-Length, without waiting for the body.
        c.send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n" + kJson + "\r\n" + kBearer
               + "\r\nContent-Length: 134217728\r\n\r\n");
        const Reply r = c.receive(3000);
        QCOMPARE(r.status, 413);
        QVERIFY(c.closedWithin(3000));
    }

    void oversizedChunkedBodyIsCutOff()
    {
        start(bearer());
        Client c(m_receiver->port());
        c.send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n" + kJson + "\r\n" + kBearer
               + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        const QByteArray chunk(64 * 1024, 'x');
        for (int i = 0; i < 20; ++i)   // 1.25 MiB in all, over the 1 MiB cap
            c.send(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
        const Reply r = c.receive(5000);
        QCOMPARE(r.status, 413);
    }

    void oversizedHeadersGet431()
    {
        start(bearer());
        Client c(m_receiver->port());
        c.send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + QByteArray(20 * 1024, 'a') + "\r\n\r\n");
        QCOMPARE(c.receive(3000).status, 431);
    }

    void slowSenderTimesOut()
    {
        feeds::HttpFeedOptions o = bearer();
        o.readTimeoutMs = 300;
        start(o);
        Client c(m_receiver->port());
        c.send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n");   // and then nothing
        const Reply r = c.receive(3000);
        QCOMPARE(r.status, 408);
        QCOMPARE(m_receiver->counters().timeouts.load(), std::int64_t(1));
    }

    void malformedInputIsAnsweredAndKept()
    {
        start(bearer());
        Client c(m_receiver->port());
        c.send(request("/v1/events", "{\"time\": \"2026-11-20T00:00:00Z\", \"kind\": ", {kJson, kBearer}));
        Reply r = c.receive();
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("dead letters"));
        QCOMPARE(stored("dead_letters"), std::int64_t(1));
        // 200 KB of nesting: refused while parsing, kept (its first 64 KiB) as a dead letter.
        c.send(request("/v1/events", QByteArray(200 * 1024, '['), {kJson, kBearer}));
        r = c.receive();
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("deeper than"));
        QCOMPARE(stored("dead_letters"), std::int64_t(2));
        // One good and one bad record: 200, the bad one counted and kept.
        c.send(request("/v1/events", "{\"time\":\"2026-11-20T00:00:00Z\",\"kind\":\"note\"}\n{\"kind\":\"note\"}\n",
                       {kJson, kBearer}));
        r = c.receive();
        QCOMPARE(r.status, 200);
        const json answer = json::parse(r.body.toStdString());
        QCOMPARE(answer["accepted"].get<int>(), 1);
        QCOMPARE(answer["rejected"].get<int>(), 1);
    }

    void hmacSignatures()
    {
        feeds::HttpFeedOptions o;
        o.auth = {feeds::WebhookAuth::Kind::Hmac, "hook-key", 5 * 60 * 1'000'000LL};
        start(o);
        const QByteArray body = R"({"time":"2026-11-20T00:00:00Z","kind":"note","id":"h1"})";
        auto hexMac = [](const std::string &key, const QByteArray &data) {
            const core::Digest d = core::hmacSha256(key, std::string_view(data.constData(), static_cast<size_t>(data.size())));
            return QByteArray(reinterpret_cast<const char *>(d.data()), 32);
        };
        Client c(m_receiver->port());
        c.send(request("/v1/events", body, {kJson, "X-Hub-Signature-256: sha256=" + hexMac("hook-key", body).toHex()}));
        QCOMPARE(c.receive().status, 200);
        c.send(request("/v1/events", body, {kJson, "X-Hub-Signature-256: sha256=" + hexMac("other", body).toHex()}));
        QCOMPARE(c.receive().status, 401);

        // Standard Webhooks: id.timestamp.body, and the timestamp must be fresh.
        auto standard = [&](qint64 timestamp) {
            const QByteArray id = "msg_1", ts = QByteArray::number(timestamp);
            const QByteArray sig = hexMac("hook-key", id + '.' + ts + '.' + body).toBase64();
            return request("/v1/events", body, {kJson, "webhook-id: " + id, "webhook-timestamp: " + ts,
                                                "webhook-signature: v1," + sig});
        };
        const qint64 now = core::SystemClock::instance().now() / 1'000'000;
        c.send(standard(now));
        QCOMPARE(c.receive().status, 200);
        c.send(standard(now - 600));   // ten minutes old: a replay
        const Reply stale = c.receive();
        QCOMPARE(stale.status, 401);
        QVERIFY(stale.body.contains("replay window"));
    }

    void busyWriterGets429WithRetryAfter()
    {
        core::LiveOptions live;
        live.maxPendingRecords = 1;
        start(bearer(), live);
        // Hold the writer: a delivery is queued but not yet committed.
        core::LiveDelivery held;
        held.feed = "test";
        held.events.resize(1);
        std::atomic<bool> release{false};
        QVERIFY(m_ingest->submit(held, [&release](const core::LiveResult &) {
            while (!release.load())
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }));
        QTest::qWait(100);   // the writer is now inside the callback; the held record counts as pending
        core::LiveDelivery second;
        second.feed = "test";
        second.events.resize(1);
        const bool queued = m_ingest->submit(second, {});
        Client c(m_receiver->port());
        c.send(request("/v1/events", R"({"time":"2026-11-20T00:00:00Z","kind":"note","id":"b"})", {kJson, kBearer}));
        const Reply r = c.receive(3000);
        release = true;
        QVERIFY(!queued || r.status == 429);
        QCOMPARE(r.status, 429);
        QVERIFY(r.headers.contains("Retry-After: 1"));
    }

    void connectionCap()
    {
        feeds::HttpFeedOptions o = bearer();
        o.maxConnections = 2;
        start(o);
        Client a(m_receiver->port()), b(m_receiver->port());
        QTest::qWait(50);
        Client c(m_receiver->port());
        QCOMPARE(c.receive(3000).status, 503);
        QCOMPARE(m_receiver->counters().refusedConnections.load(), std::int64_t(1));
    }

    void listenCommandFlushesOnSigterm()
    {
        const QString path = m_dir.filePath(u"listen.cordon"_s);
        QCOMPARE(test::cli({u"new"_s, path, u"--title"_s, u"listen"_s}).exitCode, 0);
        QProcess listener;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOOK_TOKEN"_s, u"s3cret"_s);
        listener.setProcessEnvironment(env);
        listener.start(QStringLiteral(CORDON_CLI), {u"listen"_s, path, u"--http"_s, u"127.0.0.1:0"_s,
                                                    u"--http-auth"_s, u"bearer:env:HOOK_TOKEN"_s});
        QByteArray banner;
        while (!banner.contains("Ctrl+C") && listener.waitForReadyRead(10000))
            banner += listener.readAllStandardOutput();
        const QByteArray line = banner.left(banner.indexOf('\n'));
        const auto port = static_cast<quint16>(line.mid(line.lastIndexOf(':') + 1).split(' ').first().toUInt());
        QVERIFY2(port > 0, banner.constData());
        Client c(port);
        c.send(request("/v1/events", R"({"time":"2026-11-20T00:00:00Z","kind":"note","id":"l1"})", {kJson, kBearer}));
        QCOMPARE(c.receive().status, 200);
        listener.terminate();   // SIGTERM
        QVERIFY(listener.waitForFinished(10000));
        QCOMPARE(listener.exitCode(), 0);
        QVERIFY(listener.readAllStandardOutput().contains("accepted 1"));
        QCOMPARE(test::sqlite(path, u"SELECT COUNT(*) FROM events"_s).out.trimmed(), u"1"_s);
        QCOMPARE(test::cli({u"verify"_s, path}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpFeed)
#include "tst_http_feed.moc"
