// The guarded JSON reader and the time parser: limits enforced while parsing, nothing
// silently rounded or merged.
#include "core/util/json_reader.h"
#include "core/util/time_format.h"

#include <QTest>

using namespace cordon::core;

class TestJson : public QObject {
    Q_OBJECT
private slots:
    void storedStringLists()
    {
        QCOMPARE(stringList(R"(["a", "b c"])"), (std::vector<std::string>{"a", "b c"}));
        QCOMPARE(stringList(R"(["a", 2, {"k": 1}])"), (std::vector<std::string>{"a", "2", R"({"k":1})"}));
        QVERIFY(stringList(R"({"a": 1})").empty());
        QVERIFY(stringList("not json").empty());
        QVERIFY(stringList("").empty());
    }

    void deepNestingIsRefusedWhileParsing()
    {
        // 200 KB of '[' made nlohmann 3.11.2 crash in dump(); it must be refused, not built.
        const std::string deep(200 * 1024, '[');
        auto result = parseJson(deep);
        QVERIFY(!result.ok());
        QVERIFY(result.error().message.find("nested deeper than 64") != std::string::npos);

        std::string ok = std::string(64, '[') + std::string(64, ']');
        QVERIFY(parseJson(ok).ok());
        std::string tooDeep = std::string(65, '[') + std::string(65, ']');
        QVERIFY(!parseJson(tooDeep).ok());
        // Brackets inside strings do not count as depth.
        QVERIFY(parseJson("{\"a\":\"" + std::string(1000, '[') + "\"}").ok());
    }

    void duplicateKeysAreReported()
    {
        auto doc = parseJson(R"({"a":1,"b":{"c":1,"c":2},"a":3})");
        QVERIFY(doc.ok());
        QCOMPARE(doc->duplicateKeys.size(), std::size_t(2));
        QCOMPARE(doc->value["a"].get<int>(), 3);
        QCOMPARE(doc->value["b"]["c"].get<int>(), 2);
    }

    void hugeIntegersStayVerbatim()
    {
        auto doc = parseJson(R"({"u":18446744073709551615,"big":123456789012345678901234567890,"neg":-99999999999999999999,"i":9223372036854775807,"f":1.5e3})");
        QVERIFY(doc.ok());
        QCOMPARE(doc->value["u"].get<std::string>(), std::string("18446744073709551615"));
        QCOMPARE(doc->value["big"].get<std::string>(), std::string("123456789012345678901234567890"));
        QCOMPARE(doc->value["neg"].get<std::string>(), std::string("-99999999999999999999"));
        QCOMPARE(doc->value["i"].get<std::int64_t>(), std::int64_t(9223372036854775807LL));
        QCOMPARE(doc->value["f"].get<double>(), 1500.0);
    }

    void malformedJsonNamesThePosition()
    {
        auto r = parseJson(R"({"a": tru})");
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.find("byte") != std::string::npos);
        QVERIFY(!parseJson("").ok());
        QVERIFY(!parseJson("{\"a\":\"\xff\"}").ok()); // invalid UTF-8
    }

    void rfc3339_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("utc") << "2026-11-20T10:00:00Z" << qint64(1795168800000000);
        QTest::newRow("fraction") << "2026-11-20T10:00:00.123456Z" << qint64(1795168800123456);
        QTest::newRow("nanos truncated") << "2026-11-20T10:00:00.123456789Z" << qint64(1795168800123456);
        QTest::newRow("offset") << "2026-11-20T11:00:00+01:00" << qint64(1795168800000000);
        QTest::newRow("negative offset") << "2026-11-20T05:30:00-04:30" << qint64(1795168800000000);
        QTest::newRow("space") << "2026-11-20 10:00:00Z" << qint64(1795168800000000);
        QTest::newRow("epoch") << "1970-01-01T00:00:00Z" << qint64(0);
        QTest::newRow("leap day") << "2024-02-29T00:00:00Z" << qint64(1709164800000000);
    }
    void rfc3339()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        auto t = parseRfc3339(text.toStdString());
        QVERIFY(t.has_value());
        QCOMPARE(qint64(*t), expected);
    }

    void rfc3339Rejects()
    {
        for (const char *bad : {"", "2026-13-01T00:00:00Z", "2026-11-20T25:00:00Z", "yesterday", "2026-11-20T10:00:00Zjunk",
                                "2026-11-20T10:00:00."}) {
            QVERIFY2(!parseRfc3339(bad).has_value(), bad);
        }
    }

    void formatRoundTrips()
    {
        for (TimeUs t : {TimeUs(0), TimeUs(1795168800123456), TimeUs(-1), TimeUs(951782400000001)}) {
            auto back = parseRfc3339(formatRfc3339(t));
            QVERIFY(back.has_value());
            QCOMPARE(*back, t);
        }
    }

    void epochUnitsByMagnitude()
    {
        QCOMPARE(*epochToUs(1795168800.0), TimeUs(1795168800000000));
        QCOMPARE(*epochToUs(1795168800123.0), TimeUs(1795168800123000));
        QCOMPARE(*epochToUs(1795168800123456.0), TimeUs(1795168800123456));
        QCOMPARE(*epochToUs(1795168800123456000.0), TimeUs(1795168800123456));
        QVERIFY(!epochToUs(-5).has_value());
    }
};

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
