#include "core/response/connectors.h"

#include "core/audit/audit_log.h"
#include "core/audit/row_encoder.h"
#include "core/util/atomic_file.h"
#include "core/util/text.h"

#include <filesystem>

namespace cordon::core::response {
namespace {

using Kind = ConnectorDefinition::Kind;
using Operation = ActionDelivery::Operation;

ConnectorDefinition readDefinition(const Statement &st)
{
    ConnectorDefinition d;
    d.id = st.int64(0);
    d.name = st.text(1);
    d.kind = connectorKindFromString(st.text(2)).value_or(Kind::Manual);
    auto config = nlohmann::json::parse(st.textView(3), nullptr, false);
    d.config = config.is_object() ? config : nlohmann::json::object();
    d.dryRun = st.int64(4) != 0;
    return d;
}

constexpr const char *kSelect = "SELECT id, name, kind, config, dry_run FROM connectors";

Status invalid(const ConnectorDefinition &def, const std::string &why)
{
    return Error{ErrorCode::Invalid, "connector " + (def.name.empty() ? std::string("(unnamed)") : def.name) + ": " + why};
}

bool intIn(const nlohmann::json &config, const char *key, std::int64_t lo, std::int64_t hi)
{
    if (!config.contains(key))
        return true;
    const auto &v = config[key];
    return v.is_number_integer() && v.get<std::int64_t>() >= lo && v.get<std::int64_t>() <= hi;
}

} // namespace

std::string_view toString(ConnectorDefinition::Kind k)
{
    switch (k) {
    case Kind::Http: return "http";
    case Kind::File: return "file";
    case Kind::Manual: return "manual";
    }
    return "manual";
}

std::optional<ConnectorDefinition::Kind> connectorKindFromString(std::string_view s)
{
    for (Kind k : {Kind::Http, Kind::File, Kind::Manual}) {
        if (toString(k) == s)
            return k;
    }
    return std::nullopt;
}

std::string_view toString(ActionDelivery::Operation op)
{
    return op == Operation::Execute ? "execute" : "revert";
}

Status validateConnector(const ConnectorDefinition &def)
{
    if (isBlank(def.name))
        return invalid(def, "needs a name");
    const nlohmann::json &c = def.config;
    if (!c.is_object())
        return invalid(def, "its configuration must be a JSON object");
    switch (def.kind) {
    case Kind::Http: {
        const std::string url = c.value("url", std::string());
        if (!url.starts_with("http://") && !url.starts_with("https://"))
            return invalid(def, "needs an http:// or https:// url");
        const std::string auth = c.value("auth", std::string("none"));
        if (auth != "none" && auth != "bearer")
            return invalid(def, "auth is none or bearer");
        const std::string secret = c.value("secret", std::string());
        if (auth == "bearer" && !secret.starts_with("env:") && !secret.starts_with("file:"))
            return invalid(def, "a bearer token is read from env:NAME or file:PATH (secrets are not stored in the case)");
        if (!intIn(c, "timeout_ms", 100, 120'000))
            return invalid(def, "timeout_ms is a whole number from 100 to 120000");
        if (!intIn(c, "retries", 0, 10))
            return invalid(def, "retries is a whole number from 0 to 10");
        if (!intIn(c, "backoff_ms", 0, 60'000))
            return invalid(def, "backoff_ms is a whole number from 0 to 60000");
        break;
    }
    case Kind::File: {
        const std::string dir = c.value("directory", std::string());
        if (dir.empty() || !std::filesystem::path(dir).is_absolute())
            return invalid(def, "needs the absolute path of the directory to write action files to");
        break;
    }
    case Kind::Manual: break;
    }
    return {};
}

Expected<std::int64_t> saveConnector(Database &db, const Clock &clock, const std::string &actor,
                                     const ConnectorDefinition &def)
{
    if (auto s = validateConnector(def); !s)
        return s.error();
    WriteTransaction txn(db);
    const bool exists = findConnector(db, def.name).has_value();
    const TimeUs now = clock.now();
    Statement up = db.prepare(
        "INSERT INTO connectors (name, kind, config, dry_run, updated_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, config = excluded.config,"
        " dry_run = excluded.dry_run, updated_at = excluded.updated_at RETURNING id");
    up.bindText(1, def.name).bindText(2, toString(def.kind)).bindText(3, def.config.dump());
    up.bind(4, std::int64_t(def.dryRun)).bind(5, now);
    up.step();
    const std::int64_t id = up.int64(0);
    up.reset();
    AuditLog::record(db, now, {actor, exists ? "connector.change" : "connector.add", "connector", id,
                               {{"name", def.name}, {"kind", toString(def.kind)}, {"dry_run", def.dryRun}}});
    txn.commit();
    return id;
}

Status removeConnector(Database &db, const Clock &clock, const std::string &actor, const std::string &name)
{
    WriteTransaction txn(db);
    Statement del = db.prepare("DELETE FROM connectors WHERE name = ? RETURNING id");
    del.bindText(1, name);
    if (!del.step())
        return Error{ErrorCode::Invalid, "there is no connector " + name};
    const std::int64_t id = del.int64(0);
    del.reset();
    AuditLog::append(db, clock.now(), {actor, "connector.remove", "connector", id, {{"name", name}}}, kDeletedState);
    txn.commit();
    return {};
}

std::vector<ConnectorDefinition> listConnectors(Database &db)
{
    std::vector<ConnectorDefinition> out;
    Statement st = db.prepare(std::string(kSelect) + " ORDER BY name");
    while (st.step())
        out.push_back(readDefinition(st));
    return out;
}

std::optional<ConnectorDefinition> findConnector(Database &db, const std::string &name)
{
    Statement st = db.prepare(std::string(kSelect) + " WHERE name = ?");
    st.bindText(1, name);
    if (!st.step())
        return std::nullopt;
    return readDefinition(st);
}

std::string ActionDelivery::idempotencyKey() const
{
    return caseId + ":" + std::to_string(action.id) + ":" + std::string(toString(operation));
}

nlohmann::json ActionDelivery::body() const
{
    // Nothing here may change between retries (no times): the receiver compares repeats.
    nlohmann::json a = {{"id", action.id},
                        {"type", action.type},
                        {"target", action.target},
                        {"parameters", action.parameters},
                        {"description", action.description()}};
    if (!action.reason.empty())
        a["reason"] = action.reason;
    return {{"idempotency_key", idempotencyKey()},
            {"operation", toString(operation)},
            {"dry_run", dryRun},
            {"case", caseId},
            {"requested_by", actor},
            {"action", a}};
}

DeliveryOutcome FileConnector::deliver(const ActionDelivery &d)
{
    namespace fs = std::filesystem;
    DeliveryOutcome out;
    const std::string name = d.caseId + "-action-" + std::to_string(d.action.id) + "-" + std::string(toString(d.operation))
        + (d.dryRun ? "-dry-run" : "") + ".json";
    const std::string path = (fs::path(m_directory) / name).string();
    std::error_code ec;
    fs::create_directories(m_directory, ec);
    if (auto s = writeFileAtomically(path, d.body().dump(2) + "\n"); !s) {
        out.error = "writing the action file failed: " + s.error().message;
        out.response = {{"file", path}};
        return out;
    }
    out.ok = true;
    out.response = {{"file", path}};
    return out;
}

DeliveryOutcome ManualConnector::deliver(const ActionDelivery &d)
{
    DeliveryOutcome out;
    if (isBlank(d.note) && !d.dryRun) {
        out.error = "a manual action is confirmed with a note saying what was done";
        return out;
    }
    out.ok = true;
    out.response = {{"confirmed_by", d.actor}, {"note", d.note}};
    return out;
}

Expected<std::unique_ptr<ActionConnector>> makeConnector(const ConnectorDefinition &def, const HttpConnectorFactory &http)
{
    switch (def.kind) {
    case Kind::Manual: return std::unique_ptr<ActionConnector>(std::make_unique<ManualConnector>());
    case Kind::File:
        return std::unique_ptr<ActionConnector>(std::make_unique<FileConnector>(def.config.value("directory", std::string())));
    case Kind::Http:
        if (!http)
            return Error{ErrorCode::Invalid, "connector " + def.name + " is an HTTP connector, which this program cannot run"};
        return http(def);
    }
    return Error{ErrorCode::Invalid, "unknown connector kind"};
}

Expected<PreparedDelivery> prepareDelivery(Database &db, std::int64_t actionId, ActionDelivery::Operation op,
                                           const std::string &actor, const std::string &note, bool dryRun)
{
    // A dry run of an execution may come before approval: it shows what would be sent.
    auto action = op == Operation::Revert ? actionToRevert(db, actionId)
        : dryRun                          ? actionToTry(db, actionId)
                                          : actionToExecute(db, actionId);
    if (!action)
        return action.error();
    PreparedDelivery p;
    p.delivery.operation = op;
    p.delivery.action = *action;
    p.delivery.actor = actor;
    p.delivery.note = note;
    Statement uuid = db.prepare("SELECT uuid FROM case_info WHERE id = 1");
    p.delivery.caseId = uuid.step() ? uuid.text(0) : std::string();
    const std::string &name = p.delivery.action.connector;
    if (!name.empty()) {
        auto def = findConnector(db, name);
        if (!def)
            return Error{ErrorCode::Invalid, "action " + std::to_string(actionId) + " goes through connector " + name
                                                 + ", which this case no longer has"};
        p.connector = *def;
    }
    p.delivery.dryRun = dryRun || p.connector.dryRun;
    if (p.connector.kind == Kind::Manual && !p.delivery.dryRun && isBlank(note))
        return Error{ErrorCode::Invalid, "action " + std::to_string(actionId) + " is carried out by hand: confirm it"
                                             " with a note saying what was done"};
    return p;
}

DeliveryOutcome deliver(const PreparedDelivery &prepared, const HttpConnectorFactory &http)
{
    auto connector = makeConnector(prepared.connector, http);
    if (!connector) {
        DeliveryOutcome out;
        out.attempts = 0;
        out.error = connector.error().message;
        return out;
    }
    return (*connector)->deliver(prepared.delivery);
}

Status recordDelivery(Database &db, const Clock &clock, const PreparedDelivery &prepared, const DeliveryOutcome &outcome)
{
    const ActionDelivery &d = prepared.delivery;
    if (d.dryRun)
        return recordDryRun(db, clock, d.action.id, d.actor, outcome);
    if (d.operation == Operation::Execute)
        return recordExecution(db, clock, d.action.id, d.actor, outcome);
    return recordRevert(db, clock, d.action.id, d.actor, outcome);
}

Status runAction(Database &db, const Clock &clock, std::int64_t actionId, ActionDelivery::Operation op,
                 const std::string &actor, const HttpConnectorFactory &http, const std::string &note, bool dryRun)
{
    auto prepared = prepareDelivery(db, actionId, op, actor, note, dryRun);
    if (!prepared)
        return prepared.error();
    const DeliveryOutcome outcome = deliver(*prepared, http);
    if (auto s = recordDelivery(db, clock, *prepared, outcome); !s)
        return s;
    if (!outcome.ok)
        return Error{ErrorCode::Io, outcome.error};
    return {};
}

} // namespace cordon::core::response
