#pragma once

#include <string_view>
#include <vector>

namespace cordon::core {

/// An object type people or rules change, and the table holding its current state.
/// Every row of these tables must be explained by the audit log (see Verifier).
struct AuditedObject {
    std::string_view type;
    std::string_view table;
};

const std::vector<AuditedObject> &auditedObjects();
/// The table of an audited object type, or empty when the type is unknown.
std::string_view tableForObjectType(std::string_view type);

/// Append-only tables that ingest batches cover by id range (in digest order).
struct BatchCoveredTable {
    std::string_view table;
    std::string_view firstColumn;   // batches column holding the first id
    std::string_view lastColumn;
    std::string_view countColumn;
};
const std::vector<BatchCoveredTable> &batchCoveredTables();

} // namespace cordon::core
