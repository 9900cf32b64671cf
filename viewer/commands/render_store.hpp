// The live county `gridops render` draws: an existing store (--db FILE), or
// a county simulated for the last HOURS (--simulate HOURS --seed S) into a
// store in a temporary folder, removed afterwards.
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <string>

#include "geo/grid_set.hpp"
#include "ops/catalog.hpp"
#include "ops/store.hpp"
#include "viewer/app.hpp"
#include "viewer/dashboard.hpp"

namespace viewer {

class RenderStore {
 public:
  // Errors name the flag and the problem ("--db /x.db: no such file").
  static std::expected<std::unique_ptr<RenderStore>, std::string> Open(const RenderOptions& o);
  ~RenderStore();
  RenderStore(const RenderStore&) = delete;
  RenderStore& operator=(const RenderStore&) = delete;

  LiveSource source() const;
  // One line for the console: what was drawn.
  const std::string& description() const { return description_; }

 private:
  RenderStore() = default;
  geo::GridSet grids_;
  ops::Catalog catalog_;
  std::unique_ptr<ops::Store> store_;
  std::filesystem::path temp_dir_;
  std::string description_;
};

}  // namespace viewer
