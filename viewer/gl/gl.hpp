// The one place that includes OpenGL. Mesa's libGL exports every core 3.3
// entry point, so prototypes are linked directly, without a loader.
#pragma once

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES
#endif
#include <GL/glcorearb.h>
