#include "core/response/playbooks.h"

#include "core/response/action_catalog.h"
#include "core/response/builtin_playbooks.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>

namespace cordon::core::response {
namespace {

using json = nlohmann::json;

const std::map<std::string, AtlasTechnique, std::less<>> &atlasTable()
{
    static const auto table = [] {
        std::map<std::string, AtlasTechnique, std::less<>> out;
        std::istringstream in{std::string(atlasTechniquesCsv())};
        std::string line;
        std::getline(in, line);   // header: id,name,tactics
        while (std::getline(in, line)) {
            // No technique name holds a comma (the file has no quoted fields); tactics are
            // everything after the second comma.
            const auto first = line.find(','), second = line.find(',', first + 1);
            if (first == std::string::npos || second == std::string::npos)
                continue;
            AtlasTechnique t{line.substr(0, first), line.substr(first + 1, second - first - 1), line.substr(second + 1)};
            out.emplace(t.id, t);
        }
        return out;
    }();
    return table;
}

bool knownSelector(const std::string &s)
{
    return s == "campaign_accounts" || s == "flagged_accounts" || s == "suspicious_accounts" || s == "suffix_clusters"
        || s == "fixed";
}

Error bad(const std::string &id, const std::string &why)
{
    return Error{ErrorCode::Invalid, "playbook " + (id.empty() ? std::string("(no id)") : id) + ": " + why};
}

} // namespace

std::optional<AtlasTechnique> atlasTechnique(std::string_view id)
{
    const auto &t = atlasTable();
    if (auto it = t.find(id); it != t.end())
        return it->second;
    return std::nullopt;
}

Expected<Playbook> parsePlaybook(const json &j)
{
    Playbook p;
    try {
        p.id = j.at("id").get<std::string>();
        p.title = j.at("title").get<std::string>();
        p.incidentType = j.value("incident_type", p.id);
        p.summary = j.value("summary", std::string());
        for (const json &id : j.value("atlas", json::array())) {
            auto t = atlasTechnique(id.get<std::string>());
            if (!t)
                return bad(p.id, "ATLAS has no technique " + id.get<std::string>());
            p.atlas.push_back(*t);
        }
        for (const json &r : j.value("regulatory", json::array()))
            p.regulatory.push_back(r.get<std::string>());
        int lastPhase = -1, lastEnd = 0;
        for (const json &ph : j.at("phases")) {
            PlaybookPhase phase;
            const std::string name = ph.at("phase").get<std::string>();
            const auto known = phaseFromString(name);
            if (!known)
                return bad(p.id, "unknown phase " + name);
            if (static_cast<int>(*known) <= lastPhase)
                return bad(p.id, "phase " + name + " is out of order");
            lastPhase = static_cast<int>(*known);
            phase.phase = *known;
            phase.fromMinutes = ph.at("from_minutes").get<int>();
            phase.toMinutes = ph.at("to_minutes").get<int>();
            if (phase.fromMinutes < lastEnd || phase.toMinutes <= phase.fromMinutes)
                return bad(p.id, "phase " + name + " has a time box that overlaps or goes backwards");
            lastEnd = phase.toMinutes;
            for (const json &t : ph.at("tasks")) {
                const std::string owner = t.at("owner").get<std::string>();
                const auto role = roleFromString(owner);
                if (!role)
                    return bad(p.id, "unknown owner role " + owner);
                phase.tasks.push_back({t.at("title").get<std::string>(), *role});
            }
            p.phases.push_back(std::move(phase));
        }
        if (p.phases.empty())
            return bad(p.id, "has no phases");
        for (const json &a : j.value("actions", json::array())) {
            ActionTemplate t{a.at("type").get<std::string>(), a.at("targets").get<std::string>(),
                             a.value("target", std::string()), a.value("parameters", json::object())};
            const ActionType *type = findActionType(t.type);
            if (!type)
                return bad(p.id, "unknown action type " + t.type);
            if (!knownSelector(t.targets))
                return bad(p.id, "unknown target selector " + t.targets);
            if (t.targets == "fixed" && t.target.empty())
                return bad(p.id, t.type + " with fixed targets needs a target");
            json check = t.parameters;
            if (std::any_of(type->parameters.begin(), type->parameters.end(),
                            [](const ActionParameter &pa) { return pa.name == "reason" && pa.required; })
                && !check.contains("reason"))
                check["reason"] = "playbook";   // filled in when applied
            if (auto v = validateParameters(*type, t.targets == "fixed" ? t.target : "x", check); !v)
                return bad(p.id, v.error().message);
            p.actions.push_back(std::move(t));
        }
    } catch (const json::exception &e) {
        return bad(p.id, std::string("malformed: ") + e.what());
    }
    return p;
}

const std::vector<Playbook> &builtinPlaybooks()
{
    static const auto all = [] {
        std::vector<Playbook> out;
        for (std::string_view text : builtinPlaybookJson()) {
            auto p = parsePlaybook(json::parse(text));
            if (!p)
                throw std::runtime_error(p.error().message);
            out.push_back(std::move(*p));
        }
        std::sort(out.begin(), out.end(), [](const Playbook &a, const Playbook &b) { return a.title < b.title; });
        return out;
    }();
    return all;
}

const Playbook *findPlaybook(std::string_view id)
{
    for (const Playbook &p : builtinPlaybooks()) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

} // namespace cordon::core::response
