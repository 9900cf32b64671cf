#include "ops/sqlite.hpp"

#include <fmt/format.h>

namespace ops::sql {

namespace {

[[noreturn]] void Throw(sqlite3* db, int rc, std::string_view doing) {
  const char* detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw Error(rc, fmt::format("{}: {}", doing, detail ? detail : sqlite3_errstr(rc)));
}

}  // namespace

Database Database::Open(const std::string& path, bool create, bool read_only) {
  sqlite3* raw = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db;
  db.db_.reset(raw);
  db.path_ = path;
  if (rc != SQLITE_OK) Throw(raw, rc, path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

void Database::Exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string what = fmt::format("{}: {}", path_, message ? message : sqlite3_errstr(rc));
    sqlite3_free(message);
    throw Error(rc, what);
  }
}

Statement::Statement(const Database& db, std::string_view sql) : db_(db.get()) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  stmt_.reset(raw);
  if (rc != SQLITE_OK) Throw(db_, rc, fmt::format("preparing {}", sql.substr(0, 60)));
}

Statement& Statement::Bind(int i, int64_t v) {
  if (int rc = sqlite3_bind_int64(stmt_.get(), i, v); rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}
Statement& Statement::Bind(int i, double v) {
  if (int rc = sqlite3_bind_double(stmt_.get(), i, v); rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}
Statement& Statement::Bind(int i, std::string_view v) {
  const int rc =
      sqlite3_bind_text64(stmt_.get(), i, v.data() ? v.data() : "", v.size(), SQLITE_TRANSIENT,
                          SQLITE_UTF8);  // a default string_view would bind as NULL
  if (rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}
Statement& Statement::BindStatic(int i, std::string_view v) {
  const int rc = sqlite3_bind_text64(stmt_.get(), i, v.data() ? v.data() : "", v.size(),
                                     SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}
Statement& Statement::BindNull(int i) {
  if (int rc = sqlite3_bind_null(stmt_.get(), i); rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}

bool Statement::Step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string sql = sqlite3_sql(stmt_.get()) ? sqlite3_sql(stmt_.get()) : "";
  sqlite3_reset(stmt_.get());
  Throw(db_, rc, fmt::format("running {}", sql.substr(0, 60)));
}

void Statement::Run() {
  while (Step()) {
  }
  Reset();
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::string Statement::Text(int col) const {
  return std::string(TextView(col));
}

std::string_view Statement::TextView(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), col));
  if (!p) return {};
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col))};
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.Exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::Commit() {
  db_.Exec("COMMIT");
  done_ = true;
}

}  // namespace ops::sql
