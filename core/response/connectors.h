#pragma once

#include "core/response/actions.h"

#include <functional>
#include <memory>

namespace cordon::core::response {

/// How actions reach the systems they act on, configured per case.
///  - http: a request to an endpoint (an AI gateway's admin API). config: url, auth
///    ("none" | "bearer"), secret ("env:NAME" | "file:PATH"), timeout_ms, retries, backoff_ms.
///  - file: an action file written to a directory that another system picks up. config: directory.
///  - manual: a person does it and confirms it was done.
/// dry_run: deliveries are marked as dry runs and change nothing at the target.
struct ConnectorDefinition {
    enum class Kind { Http, File, Manual } kind = Kind::Manual;
    std::int64_t id = 0;
    std::string name;
    nlohmann::json config = nlohmann::json::object();
    bool dryRun = false;
};
std::string_view toString(ConnectorDefinition::Kind k);
std::optional<ConnectorDefinition::Kind> connectorKindFromString(std::string_view s);

/// Checks a definition (name, kind, the config its kind needs).
Status validateConnector(const ConnectorDefinition &def);
/// Adds or (by name) replaces a connector, audited connector.add / connector.change.
Expected<std::int64_t> saveConnector(Database &db, const Clock &clock, const std::string &actor,
                                     const ConnectorDefinition &def);
Status removeConnector(Database &db, const Clock &clock, const std::string &actor, const std::string &name);
std::vector<ConnectorDefinition> listConnectors(Database &db);
std::optional<ConnectorDefinition> findConnector(Database &db, const std::string &name);

/// One delivery of an action to its connector.
struct ActionDelivery {
    enum class Operation { Execute, Revert } operation = Operation::Execute;
    Action action;
    std::string caseId;          ///< the case's uuid
    std::string actor;           ///< who runs it
    std::string note;            ///< for manual connectors: what the person did
    bool dryRun = false;
    /// The same for every retry and every repeat of this operation on this action, so the
    /// receiving system applies it once: <case uuid>:<action id>:<operation>.
    std::string idempotencyKey() const;
    /// The JSON body HTTP connectors send and file connectors write.
    nlohmann::json body() const;
};
std::string_view toString(ActionDelivery::Operation op);

/// Delivers actions; one instance per connector definition, used from one thread.
class ActionConnector {
public:
    virtual ~ActionConnector() = default;
    virtual DeliveryOutcome deliver(const ActionDelivery &delivery) = 0;
};

/// Writes <directory>/<case uuid>-action-<id>-<operation>.json atomically; the same delivery
/// again rewrites the same file with the same content.
class FileConnector final : public ActionConnector {
public:
    explicit FileConnector(std::string directory) : m_directory(std::move(directory)) {}
    DeliveryOutcome deliver(const ActionDelivery &delivery) override;

private:
    std::string m_directory;
};

/// A person did it by hand; the delivery records their confirmation (a note is required).
class ManualConnector final : public ActionConnector {
public:
    DeliveryOutcome deliver(const ActionDelivery &delivery) override;
};

/// Makes the connector for a definition. Core makes file and manual connectors; the HTTP
/// connector lives with the network code (cordon_feeds) and comes in through `http`.
using HttpConnectorFactory = std::function<std::unique_ptr<ActionConnector>(const ConnectorDefinition &)>;
Expected<std::unique_ptr<ActionConnector>> makeConnector(const ConnectorDefinition &def,
                                                         const HttpConnectorFactory &http);

/// An action ready to be delivered: read and checked on a read connection, delivered off the
/// writer thread (a slow endpoint must not hold up feeds), recorded on the writer afterwards.
struct PreparedDelivery {
    ActionDelivery delivery;
    ConnectorDefinition connector;   ///< kind Manual with an empty name when the action names none
};
Expected<PreparedDelivery> prepareDelivery(Database &db, std::int64_t actionId, ActionDelivery::Operation op,
                                           const std::string &actor, const std::string &note = {},
                                           bool dryRun = false);
DeliveryOutcome deliver(const PreparedDelivery &prepared, const HttpConnectorFactory &http);
/// Records the outcome: executed/failed, reverted/revert failed, or a dry run.
Status recordDelivery(Database &db, const Clock &clock, const PreparedDelivery &prepared,
                      const DeliveryOutcome &outcome);

/// All three on one connection (the CLI, tests).
Status runAction(Database &db, const Clock &clock, std::int64_t actionId, ActionDelivery::Operation op,
                 const std::string &actor, const HttpConnectorFactory &http, const std::string &note = {},
                 bool dryRun = false);

} // namespace cordon::core::response
