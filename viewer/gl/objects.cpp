#include "viewer/gl/objects.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <vector>

namespace gl {

void DeleteBuffer(GLuint id) { glDeleteBuffers(1, &id); }
void DeleteVertexArray(GLuint id) { glDeleteVertexArrays(1, &id); }
void DeleteProgram(GLuint id) { glDeleteProgram(id); }
void DeleteFramebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
void DeleteRenderbuffer(GLuint id) { glDeleteRenderbuffers(1, &id); }
void DeleteTexture(GLuint id) { glDeleteTextures(1, &id); }

Buffer MakeBuffer() {
  GLuint id = 0;
  glGenBuffers(1, &id);
  return Buffer(id);
}

Texture MakeTexture() {
  GLuint id = 0;
  glGenTextures(1, &id);
  return Texture(id);
}

VertexArray MakeVertexArray() {
  GLuint id = 0;
  glGenVertexArrays(1, &id);
  return VertexArray(id);
}

// ---------------------------------------------------------------------------
// [SECTION] Programs
// ---------------------------------------------------------------------------

namespace {

geo::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return geo::Fail(geo::ErrorCode::kNotFound,
                     fmt::format("shader {} is missing: gridops looks for shaders/ next to its "
                                 "binary and in its source tree",
                                 path));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One shader stage; the returned name is owned by the caller until linked.
geo::Result<GLuint> Compile(GLenum stage, const std::string& path) {
  auto source = ReadFile(path);
  if (!source) return std::unexpected(source.error());
  const GLuint shader = glCreateShader(stage);
  const char* text = source->c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint len = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &len);
    std::string log(static_cast<size_t>(std::max(len, 1)), '\0');
    glGetShaderInfoLog(shader, len, nullptr, log.data());
    glDeleteShader(shader);
    return geo::Fail(geo::ErrorCode::kInvalidInput,
                     fmt::format("shader {} does not compile: {}", path, log.c_str()));
  }
  return shader;
}

}  // namespace

geo::Result<Program> LoadProgram(const std::string& dir, const std::string& vertex_file,
                                 const std::string& fragment_file) {
  const std::filesystem::path d(dir);
  auto vert = Compile(GL_VERTEX_SHADER, (d / vertex_file).string());
  if (!vert) return std::unexpected(vert.error());
  auto frag = Compile(GL_FRAGMENT_SHADER, (d / fragment_file).string());
  if (!frag) {
    glDeleteShader(*vert);
    return std::unexpected(frag.error());
  }
  Program program(glCreateProgram());
  glAttachShader(program.id(), *vert);
  glAttachShader(program.id(), *frag);
  glLinkProgram(program.id());
  glDeleteShader(*vert);
  glDeleteShader(*frag);
  GLint ok = 0;
  glGetProgramiv(program.id(), GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetProgramInfoLog(program.id(), sizeof log, nullptr, log);
    return geo::Fail(geo::ErrorCode::kInvalidInput,
                     fmt::format("shaders {} and {} in {} do not link: {}", vertex_file,
                                 fragment_file, dir, log));
  }
  return program;
}

// ---------------------------------------------------------------------------
// [SECTION] Render targets
// ---------------------------------------------------------------------------

geo::Result<RenderTarget> RenderTarget::Create(int width, int height, int samples) {
  RenderTarget t;
  t.width_ = width;
  t.height_ = height;
  GLuint ids[2] = {};
  glGenFramebuffers(2, ids);
  t.msaa_fbo_ = Framebuffer(ids[0]);
  t.resolve_fbo_ = Framebuffer(ids[1]);
  glGenRenderbuffers(2, ids);
  t.msaa_color_ = Renderbuffer(ids[0]);
  t.msaa_depth_ = Renderbuffer(ids[1]);
  GLuint tex = 0;
  glGenTextures(1, &tex);
  t.resolved_ = Texture(tex);

  glBindRenderbuffer(GL_RENDERBUFFER, t.msaa_color_.id());
  glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, width, height);
  glBindRenderbuffer(GL_RENDERBUFFER, t.msaa_depth_.id());
  glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_DEPTH24_STENCIL8, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, t.msaa_fbo_.id());
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                            t.msaa_color_.id());
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                            t.msaa_depth_.id());
  const GLenum msaa_status = glCheckFramebufferStatus(GL_FRAMEBUFFER);

  glBindTexture(GL_TEXTURE_2D, t.resolved_.id());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, t.resolve_fbo_.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.resolved_.id(), 0);
  const GLenum resolve_status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (msaa_status != GL_FRAMEBUFFER_COMPLETE || resolve_status != GL_FRAMEBUFFER_COMPLETE) {
    return geo::Fail(geo::ErrorCode::kUnsupported,
                     fmt::format("the GL driver cannot make a {}x{} render target with {} samples "
                                 "(status 0x{:x}/0x{:x})",
                                 width, height, samples, msaa_status, resolve_status));
  }
  return t;
}

void RenderTarget::Bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, msaa_fbo_.id());
  glViewport(0, 0, width_, height_);
}

void RenderTarget::ResolveTo(GLuint dest_framebuffer) const {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, msaa_fbo_.id());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, dest_framebuffer);
  glBlitFramebuffer(0, 0, width_, height_, 0, 0, width_, height_, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

std::string RenderTarget::ReadRgba() const {
  ResolveTo(resolve_fbo_.id());
  std::string pixels(static_cast<size_t>(width_) * height_ * 4, '\0');
  glBindFramebuffer(GL_READ_FRAMEBUFFER, resolve_fbo_.id());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  // GL's rows run bottom-up; images run top-down.
  const size_t row = static_cast<size_t>(width_) * 4;
  std::string flipped(pixels.size(), '\0');
  for (int y = 0; y < height_; ++y) {
    std::copy_n(pixels.data() + (height_ - 1 - y) * row, row, flipped.data() + y * row);
  }
  return flipped;
}

}  // namespace gl
