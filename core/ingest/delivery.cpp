#include "core/ingest/delivery.h"

#include "core/ingest/json_documents.h"

namespace cordon::core {

ParsedDelivery parseDelivery(std::string_view body, const std::string &feed, const std::string &locator,
                             TimeUs recordTime, const NormalizeOptions &options)
{
    ParsedDelivery out;
    out.delivery.feed = feed;
    std::size_t pos = 0;
    while (pos < body.size()) {
        const auto start = body.find_first_not_of(" \t\r\n", pos);
        if (start == std::string_view::npos)
            break;
        // A JSON value may span lines; anything else (syslog, garbage) is one line.
        const bool json = body[start] == '{' || body[start] == '[';
        const std::size_t length = json ? jsonValueLength(body.substr(start))
                                        : std::min(body.find('\n', start), body.size()) - start;
        const std::string_view record = body.substr(start, length);
        pos = start + length;
        ++out.records;
        auto n = normalizeRecord(record, {feed, recordTime}, options);
        if (n) {
            auto &d = out.delivery;
            std::move(n->events.begin(), n->events.end(), std::back_inserter(d.events));
            std::move(n->indicators.begin(), n->indicators.end(), std::back_inserter(d.indicators));
            continue;
        }
        if (out.firstError.empty())
            out.firstError = n.error().message;
        DeadLetter dead;
        dead.source = feed;
        dead.locator = locator + " record " + std::to_string(out.records) + " (byte " + std::to_string(start) + ")";
        dead.reason = n.error().message;
        dead.raw = std::string(record.substr(0, 64 * 1024));
        dead.rawSize = record.size();
        dead.rawSha256 = Sha256::of(record);
        out.delivery.deadLetters.push_back(std::move(dead));
    }
    return out;
}

} // namespace cordon::core
