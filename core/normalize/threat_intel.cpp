// Threat intelligence: STIX 2.1 bundles and MISP events become indicators, not events.
#include "core/normalize/formats.h"

#include "core/domain/stix_observables.h"

#include <map>
#include <regex>

namespace cordon::core::normalize {
namespace {

struct Comparison {
    std::string type, value;
};

/// The simple comparisons of a STIX pattern when they can stand alone: one comparison, or
/// several joined only by OR. Anything else (AND, FOLLOWEDBY, qualifiers) is kept whole.
std::vector<Comparison> splitPattern(const std::string &pattern)
{
    static const std::regex comparison(R"re(([a-z0-9-]+):([A-Za-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)')re");
    std::vector<Comparison> out;
    std::string between;
    std::size_t last = 0;
    for (auto it = std::sregex_iterator(pattern.begin(), pattern.end(), comparison); it != std::sregex_iterator(); ++it) {
        between += pattern.substr(last, static_cast<std::size_t>(it->position()) - last);
        last = static_cast<std::size_t>(it->position() + it->length());
        const std::string type = stix::typeFor((*it)[1].str(), (*it)[2].str());
        if (type.empty())
            return {};
        out.push_back({type, stix::unescape((*it)[3].str())});
    }
    between += pattern.substr(last);
    for (const char *op : {"AND", "FOLLOWEDBY", "WITHIN", "REPEATS", "START", "NOT", "MATCHES", "LIKE", "IN "}) {
        if (between.find(op) != std::string::npos)
            return {};
    }
    return out;
}

std::optional<std::string> nonEmpty(std::optional<std::string> s)
{
    return s && !s->empty() ? s : std::nullopt;
}

std::string mispType(const std::string &t)
{
    static const std::map<std::string, std::string, std::less<>> kTypes = {
        {"ip-src", "ip"}, {"ip-dst", "ip"}, {"ip-src|port", "ip"}, {"ip-dst|port", "ip"},
        {"domain", "domain"}, {"hostname", "domain"}, {"domain|ip", "domain"},
        {"url", "url"}, {"uri", "url"}, {"link", "url"},
        {"md5", "md5"}, {"sha1", "sha1"}, {"sha256", "sha256"}, {"sha512", "sha512"},
        {"email-src", "email"}, {"email-dst", "email"}, {"email", "email"},
        {"user-agent", "user_agent"}, {"text", "text"}, {"pattern-in-traffic", "pattern"},
    };
    auto it = kTypes.find(t);
    return it != kTypes.end() ? it->second : "misp:" + t;
}

} // namespace

Normalized fromStix(json &r, const RecordContext &context)
{
    if (r.value("type", "") != "bundle")
        r = json{{"type", "bundle"}, {"objects", json::array({r})}};   // a lone STIX object
    const json &objects = r["objects"];
    if (!objects.is_array())
        throw Reject{"STIX bundle without an \"objects\" array"};
    std::map<std::string, std::string> identities;
    for (const json &o : objects) {
        if (o.value("type", "") == "identity" && o.contains("id"))
            identities[o["id"].get<std::string>()] = o.value("name", "");
    }
    Normalized out;
    for (const json &o : objects) {
        if (!o.is_object() || o.value("type", "") != "indicator") {
            ++out.ignoredObjects;
            continue;
        }
        const std::string pattern = text(o, "pattern").value_or("");
        if (pattern.empty())
            throw Reject{"STIX indicator " + o.value("id", "?") + " has no pattern"};
        Indicator base;
        base.source = context.source;
        if (auto by = text(o, "created_by_ref"); by && identities.contains(*by))
            base.source = "stix:" + identities[*by];
        base.confidence = integer(o, "confidence");
        base.validFrom = time(o, "valid_from");
        base.validUntil = time(o, "valid_until");
        base.externalId = text(o, "id");
        base.name = nonEmpty(text(o, "name"));
        base.pattern = pattern;
        json rest = remainder(o, {"id", "type", "pattern", "confidence", "valid_from", "valid_until", "name"});
        if (!rest.empty())
            base.attributes = compact(rest);
        auto parts = splitPattern(pattern);
        if (parts.empty())
            parts.push_back({"stix-pattern", pattern});
        for (auto &part : parts) {
            Indicator ind = base;
            ind.type = std::move(part.type);
            ind.value = std::move(part.value);
            out.indicators.push_back(std::move(ind));
        }
    }
    return out;
}

Normalized fromMisp(json &r, const RecordContext &context)
{
    if (auto it = r.find("response"); it != r.end() && it->is_array()) {
        Normalized all;
        for (json &item : *it) {
            Normalized n = fromMisp(item, context);
            all.ignoredObjects += n.ignoredObjects;
            std::move(n.indicators.begin(), n.indicators.end(), std::back_inserter(all.indicators));
        }
        return all;
    }
    const json &event = r.contains("Event") && r["Event"].is_object() ? r["Event"] : r;
    std::string source = context.source;
    if (auto org = text(event, "Orgc.name"))
        source = "misp:" + *org;
    else if (auto org2 = text(event, "Org.name"))
        source = "misp:" + *org2;
    json tags = json::array();
    for (const json &t : event.value("Tag", json::array()))
        tags.push_back(t.value("name", ""));

    // Pointers into the record itself (json::value() would return copies that die at once).
    std::vector<const json *> attributes;
    auto collect = [&attributes](const json &holder) {
        if (auto it = holder.find("Attribute"); it != holder.end() && it->is_array()) {
            for (const json &a : *it)
                attributes.push_back(&a);
        }
    };
    collect(event);
    if (auto objects = event.find("Object"); objects != event.end() && objects->is_array()) {
        for (const json &o : *objects)
            collect(o);
    }
    Normalized out;
    for (const json *a : attributes) {
        if (!a->is_object() || a->value("deleted", false)) {
            ++out.ignoredObjects;
            continue;
        }
        auto type = text(*a, "type");
        auto value = text(*a, "value");
        if (!type || !value) {
            ++out.ignoredObjects;
            continue;
        }
        Indicator ind;
        ind.type = mispType(*type);
        ind.value = *value;
        if ((*type == "ip-src|port" || *type == "ip-dst|port" || *type == "domain|ip") && value->find('|') != std::string::npos)
            ind.value = value->substr(0, value->find('|'));
        ind.source = source;
        // MISP has no per-attribute confidence; "to_ids" marks values fit for automated detection.
        ind.confidence = a->value("to_ids", false) ? 80 : 40;
        ind.validFrom = time(*a, "first_seen");
        if (!ind.validFrom)
            ind.validFrom = time(*a, "timestamp");
        ind.validUntil = time(*a, "last_seen");
        ind.externalId = text(*a, "uuid");
        std::string name = text(*a, "category").value_or("");
        if (auto comment = nonEmpty(text(*a, "comment")))
            name += (name.empty() ? "" : ": ") + *comment;
        ind.name = nonEmpty(name);
        json rest = {{"misp.type", *type}, {"misp.event_info", event.value("info", json())},
                     {"misp.event_uuid", event.value("uuid", json())}};
        if (!tags.empty())
            rest["misp.tags"] = tags;
        ind.attributes = compact(rest);
        out.indicators.push_back(std::move(ind));
    }
    return out;
}

} // namespace cordon::core::normalize
