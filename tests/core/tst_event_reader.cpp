// The one-pass reader of Cordon events against the general path (parseJson, format detection,
// cordonEventFromJson): it must read every record it accepts to exactly the same event, and
// give up on every record the general path would read differently or refuse.
#include "core/ingest/cordon_event_reader.h"
#include "core/ingest/cordon_jsonl.h"
#include "core/normalize/format.h"
#include "core/normalize/normalizer.h"

#include "test_support.h"

#include <QFile>
#include <QTest>

using namespace cordon::core;
namespace test = cordon::test;

namespace {

constexpr TimeUs kRecordTime = 1'795'000'000'000'000;

/// Every field of an event, as text, so two events compare field by field in a failure message.
QStringList fields(const Event &e)
{
    auto opt = [](const std::optional<std::string> &s) { return s ? QString::fromStdString(*s) : QStringLiteral("<null>"); };
    auto num = [](const std::optional<std::int64_t> &n) { return n ? QString::number(*n) : QStringLiteral("<null>"); };
    return {QString::number(e.eventTime), QString::number(e.recordTime), QString::fromStdString(e.source),
            QString::fromStdString(e.kind), opt(e.externalId), opt(e.account), opt(e.session), opt(e.sourceIp),
            opt(e.userAgent), opt(e.model), opt(e.modelVersion), opt(e.provider), opt(e.prompt), opt(e.output),
            num(e.inputTokens), num(e.outputTokens), QString::number(e.flags), opt(e.attributes),
            QString::fromStdString(e.payload), QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(e.payloadSha256.data()), 32).toHex())};
}

/// What the general path makes of a record: the event when it reads it as a Cordon event.
std::optional<Event> generalPath(const std::string &record)
{
    auto doc = parseJson(record);
    if (!doc || detectJsonFormat(doc->value) != Format::Cordon || !doc->value.is_object())
        return std::nullopt;
    if (doc->value.contains("_source") && doc->value.contains("_index"))
        return std::nullopt;   // an Elasticsearch hit, read through its _source
    auto e = cordonEventFromJson(*doc, record, "default-src", kRecordTime);
    if (!e)
        return std::nullopt;
    return std::move(*e);
}

} // namespace

class TestEventReader : public QObject {
    Q_OBJECT
private slots:
    void readsWhatTheGeneralPathReads_data()
    {
        QTest::addColumn<QString>("record");
        auto add = [](const char *name, const char *record) { QTest::newRow(name) << QString::fromUtf8(record); };
        add("every field",
            R"({"time":"2026-11-20T10:00:00Z","kind":"llm.request","source":"gw-eu","id":"e1","account":"alice","session":"alice-1","source_ip":"203.0.113.5","user_agent":"ua/1","model":"gpt-4o","model_version":"v","provider":"openai","prompt":"p","output":"o","input_tokens":12,"output_tokens":9,"attributes":{"gen_ai.operation.name":"chat"}})");
        add("keys in another order", R"({"prompt":"p","kind":"llm.request","attributes":{"b":1,"a":[1,{"x":null}]},"time":"2026-11-20T10:00:00Z"})");
        add("@timestamp", R"({"@timestamp":"2026-11-20T10:00:00.123456Z","kind":"auth"})");
        add("time wins over @timestamp", R"({"@timestamp":"2020-01-01T00:00:00Z","time":"2026-11-20T10:00:00Z","kind":"auth"})");
        add("epoch seconds", R"({"time":1795168810,"kind":"auth"})");
        add("epoch float", R"({"time":1795168810.25,"kind":"auth"})");
        add("epoch milliseconds", R"({"time":1795168810250,"kind":"auth"})");
        add("numbers as ids", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","account":12345,"session":-7,"id":18446744073709551615,"source":3})");
        add("nulls are absent", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","account":null,"source":null,"flags":null,"attributes":null,"input_tokens":null})");
        add("flags known and unknown", R"({"time":"2026-11-20T10:00:00Z","kind":"llm.request","flags":["jailbreak_detected","made_up","pii"]})");
        add("empty flags and attributes", R"({"time":"2026-11-20T10:00:00Z","kind":"llm.request","flags":[],"attributes":{}})");
        add("unmapped fields of every type",
            R"({"time":"2026-11-20T10:00:00Z","kind":"x","trace_id":"abc","n":-3,"u":7,"f":1.5,"t":true,"z":null,"o":{"k":[1,2]},"a":[{"b":{}}],"big":18446744073709551616,"huge":123456789012345678901234567890})");
        add("unmapped overrides an attribute", R"({"time":"2026-11-20T10:00:00Z","kind":"x","attributes":{"trace_id":"inner","keep":1},"trace_id":"outer"})");
        add("escapes and unicode", "{\"time\":\"2026-11-20T10:00:00Z\",\"kind\":\"llm.request\",\"prompt\":"
                                   "\"line\\nbreak \\\"quoted\\\" \\u00e9\\u4e2d \\ud83d\\ude00 tab\\t\",\"output\":\"\\\\back\\/slash\"}");
        add("whitespace around", " \t{ \"time\" : \"2026-11-20T10:00:00Z\" , \"kind\" : \"auth\" }  ");
        add("empty source", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","source":""})");
        add("type field alone", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","type":"bundle"})");
        add("zero tokens", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","input_tokens":0,"output_tokens":9223372036854775807})");
    }

    void readsWhatTheGeneralPathReads()
    {
        QFETCH(QString, record);
        const std::string text = record.toStdString();
        const auto expected = generalPath(text);
        QVERIFY2(expected, "the general path reads this record as a Cordon event");
        const auto fast = readCordonEvent(text, "default-src", kRecordTime);
        QVERIFY2(fast, "the one-pass reader reads it too");
        QCOMPARE(fields(*fast), fields(*expected));
        // normalizeRecord and parseCordonEvent take the one-pass route for it.
        auto n = normalizeRecord(text, {"default-src", kRecordTime});
        QVERIFY(n.ok());
        QCOMPARE(std::string(n->format), std::string("cordon"));
        QCOMPARE(n->events.size(), std::size_t(1));
        QCOMPARE(fields(n->events.front()), fields(*expected));
    }

    void givesUpOnWhatItMustNotRead_data()
    {
        QTest::addColumn<QString>("record");
        auto add = [](const char *name, const char *record) { QTest::newRow(name) << QString::fromUtf8(record); };
        add("not json", "this is not json");
        add("truncated", R"({"time":"2026-11-20T10:00:00Z","kind":"auth")");
        add("trailing garbage", R"({"time":"2026-11-20T10:00:00Z","kind":"auth"} x)");
        add("an array of records", R"([{"time":"2026-11-20T10:00:00Z","kind":"auth"}])");
        add("a scalar", "42");
        add("no kind", R"({"time":"2026-11-20T10:00:00Z","prompt":"p"})");
        add("empty kind", R"({"time":"2026-11-20T10:00:00Z","kind":""})");
        add("numeric kind", R"({"time":"2026-11-20T10:00:00Z","kind":5})");
        add("no time", R"({"kind":"auth"})");
        add("null time", R"({"time":null,"@timestamp":"2026-11-20T10:00:00Z","kind":"auth"})");
        add("bad time", R"({"time":"yesterday","kind":"auth"})");
        add("integer literal as time", R"({"time":123456789012345678901234567890,"kind":"auth"})");
        add("tokens as text", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","input_tokens":"many"})");
        add("negative tokens", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","output_tokens":-1})");
        add("fractional tokens", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","output_tokens":1.5})");
        add("flags as text", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","flags":"pii"})");
        add("flag not a name", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","flags":["pii",3]})");
        add("attributes not an object", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","attributes":[1]})");
        add("account an object", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","account":{"id":1}})");
        add("account a boolean", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","account":true})");
        add("duplicate mapped key", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","prompt":"a","prompt":"b"})");
        add("duplicate unmapped key", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","x":1,"x":2})");
        add("duplicate nested key", R"({"time":"2026-11-20T10:00:00Z","kind":"auth","attributes":{"c":1,"c":2}})");
        add("OCSF", R"({"time":1795168810,"kind":"auth","class_uid":3002})");
        add("LiteLLM", R"({"time":1795168810,"kind":"auth","call_type":"completion","model":"m"})");
        add("Alertmanager", R"({"kind":"auth","time":1,"alerts":[],"groupKey":"g"})");
        add("STIX", R"({"kind":"auth","time":1,"type":"bundle","objects":[]})");
        add("Elasticsearch hit", R"({"kind":"auth","time":1,"_index":"i","_source":{"kind":"auth","time":1}})");
    }

    void givesUpOnWhatItMustNotRead()
    {
        QFETCH(QString, record);
        QVERIFY(!readCordonEvent(record.toStdString(), "default-src", kRecordTime));
    }

    void nestingIsCappedAsTheGeneralPathCapsIt()
    {
        auto nested = [](int depth) {
            return R"({"time":"2026-11-20T10:00:00Z","kind":"auth","attributes":{"a":)" + std::string(depth, '[')
                + std::string(depth, ']') + "}}";
        };
        // The record's object and its attributes are two levels of the 64 allowed.
        QVERIFY(readCordonEvent(nested(62), "s", 0));
        QVERIFY(parseJson(nested(62)).ok());
        QVERIFY(!readCordonEvent(nested(63), "s", 0));
        QVERIFY(!parseJson(nested(63)).ok());
        QVERIFY(!readCordonEvent(nested(200'000), "s", 0));
    }

    void theGoodFixtureReadsTheSameEitherWay()
    {
        QFile file(test::testData("events_good.jsonl"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        int read = 0;
        while (!file.atEnd()) {
            const std::string line = file.readLine().trimmed().toStdString();
            if (line.empty())
                continue;
            const auto fast = readCordonEvent(line, "default-src", kRecordTime);
            const auto expected = generalPath(line);
            QVERIFY(fast && expected);
            QCOMPARE(fields(*fast), fields(*expected));
            ++read;
        }
        QCOMPARE(read, 4);
    }
};

QTEST_GUILESS_MAIN(TestEventReader)
#include "tst_event_reader.moc"
