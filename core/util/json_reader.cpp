#include "core/util/json_reader.h"

#include "core/util/json_dom_builder.h"

namespace cordon::core {

Expected<JsonDocument> parseJson(std::string_view text, const JsonLimits &limits)
{
    JsonDocument doc;
    JsonDomBuilder builder(doc.value, limits, doc.duplicateKeys);
    const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
    if (!ok) {
        std::string message = builder.error().empty() ? std::string("invalid JSON") : builder.error();
        return Error{ErrorCode::Invalid, std::move(message)};
    }
    return doc;
}

std::vector<std::string> stringList(std::string_view json)
{
    std::vector<std::string> out;
    const auto j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_array()) {
        for (const auto &s : j)
            out.push_back(s.is_string() ? s.get<std::string>() : s.dump());
    }
    return out;
}

} // namespace cordon::core
