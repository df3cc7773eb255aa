#pragma once

#include "core/forensics/account_profile.h"
#include "core/forensics/minhash.h"
#include "core/store/sqlite.h"
#include "core/util/sha256.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

/// How forensic results are kept in the case file (schema v6): clusters, members, account
/// profiles, campaigns. The tables are derived data; the audited analyses rows carry their
/// digests, so the audit chain covers them.
namespace cordon::core::forensics::tables {

/// MinHash signatures as stored in clusters.exemplars: little-endian uint32, concatenated.
std::string encodeSignatures(const std::vector<Signature> &signatures);
/// Splits a stored blob back into signatures of `hashes` values; a ragged tail is dropped.
std::vector<Signature> decodeSignatures(std::string_view blob, int hashes);

/// SHA-256 over every row of the tables analysis runs update in place (clusters, account
/// profiles, campaigns and their members) in key order, with the audit chain's canonical
/// row encoding, as verify recomputes it.
Digest stateDigest(Database &db);

/// SHA-256 over the rows one run appended: cluster members, indicator sightings and
/// authentication findings, each table in key order.
Digest membersDigest(Database &db, std::int64_t analysisId);

/// How many rows the append-only result tables hold, in all or from one run.
std::int64_t appendedRows(Database &db, std::optional<std::int64_t> analysisId);

/// How many rows the result tables hold together.
std::int64_t resultRows(Database &db);

/// Deletes every forensic result and rewinds forensics_upto and indicator matching, for a
/// rebuild. Sighting counts on indicators are audited rows; the caller resets those.
void clearResults(Database &db);

/// Adds counts from newly examined events to the stored profiles.
void addToProfiles(Database &db, const std::map<std::int64_t, AccountProfile> &deltas);

/// Recomputes risk, suspension and reasons of the given accounts from their stored counts
/// and campaign memberships.
void assessProfiles(Database &db, const std::set<std::int64_t> &accounts, const ProfileCriteria &criteria);

} // namespace cordon::core::forensics::tables
