// Move-only owners of OpenGL objects. No bare GLuint lives outside viewer/gl.
#pragma once

#include <string>
#include <utility>

#include "geo/error.hpp"
#include "viewer/gl/gl.hpp"

namespace gl {

// Owns one GL name and deletes it with `Delete` when it goes out of scope.
template <void (*Delete)(GLuint)>
class Object {
 public:
  Object() = default;
  explicit Object(GLuint id) : id_(id) {}
  ~Object() { Reset(); }
  Object(Object&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
  Object& operator=(Object&& o) noexcept {
    if (this != &o) {
      Reset();
      id_ = std::exchange(o.id_, 0);
    }
    return *this;
  }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  GLuint id() const { return id_; }
  explicit operator bool() const { return id_ != 0; }
  void Reset() {
    if (id_) Delete(id_);
    id_ = 0;
  }

 private:
  GLuint id_ = 0;
};

void DeleteBuffer(GLuint id);
void DeleteVertexArray(GLuint id);
void DeleteProgram(GLuint id);
void DeleteFramebuffer(GLuint id);
void DeleteRenderbuffer(GLuint id);
void DeleteTexture(GLuint id);

using Buffer = Object<DeleteBuffer>;
using VertexArray = Object<DeleteVertexArray>;
using Program = Object<DeleteProgram>;
using Framebuffer = Object<DeleteFramebuffer>;
using Renderbuffer = Object<DeleteRenderbuffer>;
using Texture = Object<DeleteTexture>;

Buffer MakeBuffer();
VertexArray MakeVertexArray();
Texture MakeTexture();

// Compiles and links two shader files of `dir` (e.g. "fill.vert",
// "color.frag"). A missing file or a compile/link failure is an error naming
// the file and GL's log.
geo::Result<Program> LoadProgram(const std::string& dir, const std::string& vertex_file,
                                 const std::string& fragment_file);

// An offscreen render target of a given size: a multisampled colour buffer to
// draw into and a single-sampled texture it resolves to, for reading back or
// presenting.
class RenderTarget {
 public:
  static geo::Result<RenderTarget> Create(int width, int height, int samples);
  void Bind() const;
  // Resolves the multisampled image into `dest` (0: the window) at the same size.
  void ResolveTo(GLuint dest_framebuffer) const;
  // Resolves and reads the image back as top-down RGBA8 rows.
  std::string ReadRgba() const;
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  int width_ = 0, height_ = 0;
  Framebuffer msaa_fbo_, resolve_fbo_;
  Renderbuffer msaa_color_, msaa_depth_;
  Texture resolved_;
};

}  // namespace gl
