// SQLite as owned handles, the way MapLibre wraps it
// (platform/default/include/mbgl/storage/sqlite3.hpp): a move-only Database,
// prepared Statements, and a Transaction that rolls back unless committed.
// Inside the store a failing SQLite call throws sql::Error; the store's
// writer catches it at the boundary of a group commit, so no half-written
// group is ever acknowledged.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ops::sql {

class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Database {
 public:
  // Opens (creating when `create`) the file; throws Error naming the path.
  static Database Open(const std::string& path, bool create, bool read_only = false);
  Database(Database&&) = default;
  Database& operator=(Database&&) = default;

  void Exec(std::string_view sql);
  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_.get()); }
  int Changes() const { return sqlite3_changes(db_.get()); }
  sqlite3* get() const { return db_.get(); }
  const std::string& path() const { return path_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  Database() = default;
  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
};

class Statement {
 public:
  Statement(const Database& db, std::string_view sql);
  Statement(Statement&&) = default;
  Statement& operator=(Statement&&) = default;

  // Binding is 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT).
  Statement& Bind(int i, int64_t v);
  Statement& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Statement& Bind(int i, double v);
  Statement& Bind(int i, std::string_view v);
  Statement& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  // Text SQLite reads in place (SQLITE_STATIC), for the writer's hot inserts:
  // `v` must stay valid until Run() or Reset() returns (both clear bindings).
  Statement& BindStatic(int i, std::string_view v);
  Statement& BindNull(int i);

  // True while a row is ready; false when done. Throws Error otherwise.
  bool Step();
  // Runs a statement that returns no rows, then resets it for reuse.
  void Run();
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  double Real(int col) const { return sqlite3_column_double(stmt_.get(), col); }
  std::string Text(int col) const;
  std::string_view TextView(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back by the destructor unless committed.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void Commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace ops::sql
